package jtrace.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jtrace.names.Origin;
import org.junit.jupiter.api.Test;

/** Team Cymru's names and answers, the per-prefix cache and the run's one budget, without a network. */
class AsLookupTest {
    static InetAddress ip(String a) throws Exception { return InetAddress.getByName(a); }

    @Test
    void asksCymruForTheReversedAddress() throws Exception {
        assertThat(Cymru.query(ip("10.71.1.2"))).isEqualTo("2.1.71.10.origin.asn.cymru.com");
        assertThat(Cymru.query(ip("2001:db8::1")))
                .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com");
    }

    @Test
    void readsCymruAnswersWithOneOrSeveralOrigins() {
        assertThat(Cymru.parse("64501 | 10.71.0.0/16 | ZZ | other | 2024-01-01"))
                .isEqualTo(new Origin(List.of(64501L), "10.71.0.0/16", "ZZ", "other"));
        assertThat(Cymru.parse("64501 64502 | 192.0.2.0/24 | US | arin |").label()).isEqualTo("AS64501/AS64502");
        assertThat(Cymru.parse("NA | 10.0.0.0/8 | | |")).isNull();
        assertThat(Cymru.parse("")).isNull();
    }

    @Test
    void asksOncePerPrefix() throws Exception {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        try (AsLookup as = new AsLookup(5_000, name -> {
            asked.add(name);
            return List.of("64501 | 10.71.0.0/16 | ZZ | other | 2024-01-01");
        })) {
            assertThat(as.origin(ip("10.71.1.2")).label()).isEqualTo("AS64501");
            assertThat(as.origin(ip("10.71.2.2")).label()).isEqualTo("AS64501");  // same /16: from the cache
            assertThat(asked).containsExactly("2.1.71.10.origin.asn.cymru.com");
            assertThat(as.found(List.of(ip("10.71.3.2"), ip("10.72.0.1")))).containsOnlyKeys(ip("10.71.3.2"));
        }
    }

    @Test
    void noAnswerWithinTheBudgetShowsNoOrigin() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (AsLookup as = new AsLookup(0, name -> {
            never.await();
            return List.of();
        })) {
            assertThat(as.origin(ip("10.71.1.2"))).isNull();
            assertThat(as.origin(ip("10.71.1.3"))).isNull();
        }
    }

    @Test
    void anUnannouncedAddressHasNoOrigin() throws Exception {
        try (AsLookup as = new AsLookup(5_000, name -> List.of())) {
            assertThat(as.origin(ip("192.168.1.1"))).isNull();
        }
    }
}
