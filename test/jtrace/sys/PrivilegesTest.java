package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class PrivilegesTest {
    @Test
    void identityMatchesProcSelfStatus() throws Exception {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        String[] uid = field(status, "Uid:"), gid = field(status, "Gid:");
        assertThat(Privileges.uid()).isEqualTo(Integer.parseInt(uid[0]));
        assertThat(Privileges.euid()).isEqualTo(Integer.parseInt(uid[1]));
        assertThat(Privileges.gid()).isEqualTo(Integer.parseInt(gid[0]));
        assertThat(Privileges.egid()).isEqualTo(Integer.parseInt(gid[1]));
        assertThat(Privileges.isRoot()).isEqualTo(uid[1].equals("0"));
        if (Privileges.isRoot()) assertThat(Privileges.hasCapNetRaw()).isTrue();
    }

    @Test
    void pingGroupRangeIsReadWhole() throws Exception {
        String text = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ping_group_range")).get(0).trim().replaceAll("\\s+", " ");
        assertThat(Privileges.pingGroupRangeText()).isEqualTo(text);
        long[] range = Privileges.pingGroupRange().orElseThrow();
        boolean inside = Privileges.egid() >= range[0] && Privileges.egid() <= range[1];
        if (inside) assertThat(Privileges.pingSocketsAllowed()).isTrue();
    }

    private static String[] field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name)).findFirst().orElseThrow().substring(name.length()).trim().split("\\s+");
    }
}
