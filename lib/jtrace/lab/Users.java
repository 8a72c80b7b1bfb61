package jtrace.lab;

import java.util.List;

/** Local user accounts, for running commands in the lab without privileges. */
final class Users {
    private Users() {}

    record Ids(int uid, int gid) {}

    static Ids ids(String user) {
        CommandOutput uid = Commands.run(List.of(id(), "-u", user), null);
        if (!uid.succeeded()) throw new LabException("there is no user '" + user + "': create it first (Lab.ensureUser)");
        CommandOutput gid = Commands.run(List.of(id(), "-g", user), null);
        return new Ids(Integer.parseInt(uid.stdoutOrThrow().get(0).strip()), Integer.parseInt(gid.stdoutOrThrow().get(0).strip()));
    }

    /** Creates {@code user} as a system account without home or login shell unless it exists. */
    static void ensure(String user) {
        if (Commands.run(List.of(id(), "-u", user), null).succeeded()) return;
        Commands.requireRoot();
        String useradd = Commands.find("useradd")
                .orElseThrow(() -> new LabException("creating user '" + user + "' needs useradd: install the passwd package"));
        Commands.run(List.of(useradd, "--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", user), null)
                .stdoutOrThrow();
    }

    private static String id() {
        return Commands.find("id").orElseThrow(() -> new LabException("looking up users needs id: install coreutils"));
    }
}
