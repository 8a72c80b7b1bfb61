package jtrace.packet;

import java.util.List;

/** The decode tests' hand-made time exceeded with an MPLS stack, for tests in other packages. */
public final class ExtensionsAndTcpDecodeTestAccess {
    private ExtensionsAndTcpDecodeTestAccess() {}

    public static byte[] timeExceededWithMpls(int label) {
        return ExtensionsAndTcpDecodeTest.timeExceeded(List.of(IcmpExtensions.mplsObject(List.of(new IcmpExtensions.MplsEntry(label, 0, true, 1)))));
    }
}
