package jtrace.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IcmpBudgetTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aFreshRouterHasSixThenOneASecond() throws Exception {
        IcmpBudget b = new IcmpBudget();
        InetAddress r = InetAddress.getByName("10.76.2.2");
        assertThat(b.tokens(r, 0)).isEqualTo(6);
        for (int i = 0; i < 6; i++) b.spend(r, 0);
        assertThat(b.tokens(r, 0)).isZero();
        assertThat(b.nextToken(r, 0)).isEqualTo(S);
        assertThat(b.tokens(r, S - 1)).isZero();
        assertThat(b.tokens(r, S)).isEqualTo(1);
        assertThat(b.tokens(r, 100 * S)).as("never more than the burst").isEqualTo(6);
    }

    @Test
    void aRouterThatWentQuietIsTakenAsEmpty() throws Exception {
        IcmpBudget b = new IcmpBudget();
        InetAddress r = InetAddress.getByName("10.76.3.2");
        b.empty(r, 5 * S);
        assertThat(b.tokens(r, 5 * S)).isZero();
        assertThat(b.nextToken(r, 5 * S + S / 2)).isEqualTo(6 * S);
        assertThat(b.tokens(r, 6 * S)).isEqualTo(1);
    }

    @Test
    void severalAnswersComeOnePeriodApartAndNoMoreThanABurstIsWaitedFor() throws Exception {
        IcmpBudget b = new IcmpBudget();
        InetAddress r = InetAddress.getByName("10.76.4.2");
        assertThat(b.whenTokens(r, 3, 0)).as("a full bucket").isZero();
        for (int i = 0; i < 6; i++) b.spend(r, 0);
        assertThat(b.whenTokens(r, 1, 0)).isEqualTo(S);
        assertThat(b.whenTokens(r, 3, S / 2)).isEqualTo(3 * S);
        assertThat(b.whenTokens(r, 100, 0)).as("a burst at most").isEqualTo(6 * S);
    }

    @Test
    void thisHostOverLoopbackIsNeverMetered() throws Exception {
        IcmpBudget b = new IcmpBudget();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 20; i++) b.spend(lo, 0);
        assertThat(b.tokens(lo, 0)).isEqualTo(6);
        assertThat(b.whenTokens(lo, 3, 0)).isZero();
    }
}
