package jtrace.sys;

import static jtrace.sys.Sockets.*;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A reusable recvmsg(2) buffer (msghdr, iovec, address, control and data) and what the last message said:
 * the sender or original destination (msg_name), the kernel receive time (SCM_TIMESTAMPNS), the packet's
 * TTL (IP_TTL) or hop limit (IPV6_HOPLIMIT) and, for error-queue messages, the sock_extended_err
 * (IP_RECVERR or IPV6_RECVERR) with the offender.
 * Parsing only reads numbers into fields: nothing is allocated per message.
 */
public final class Message {
    /** Enough for any IPv4 datagram or IPv6 payload (without jumbograms), so nothing is ever truncated. */
    public static final int DATA_CAPACITY = 65536;
    private static final int MSGHDR_SIZE = 56, IOVEC_SIZE = 16, CONTROL_CAPACITY = 512, CMSGHDR_SIZE = 16;
    private static final int SOCK_EXTENDED_ERR_SIZE = 16;

    private final Pointer header, iov, name, control, data;

    private int length, flags;
    private final Sockaddr sender = new Sockaddr(), offender = new Sockaddr();
    private long timestamp;
    private int ttl;
    private boolean extendedError;
    private int errorNumber, errorOrigin, errorType, errorCode;
    private long errorInfo, errorData;

    public Message() {
        var rt = Native.runtime();
        header = Memory.allocateDirect(rt, MSGHDR_SIZE, true);
        iov = Memory.allocateDirect(rt, IOVEC_SIZE, true);
        name = Memory.allocateDirect(rt, SOCKADDR_MAX, true);
        control = Memory.allocateDirect(rt, CONTROL_CAPACITY, true);
        data = Memory.allocateDirect(rt, DATA_CAPACITY, true);
        iov.putPointer(0, data);
        iov.putLong(8, DATA_CAPACITY);
        header.putPointer(0, name);
        header.putPointer(16, iov);
        header.putLong(24, 1);
        header.putPointer(32, control);
    }

    Pointer header() { return header; }

    /** The kernel overwrites the name and control lengths and the flags: reset them before each call. */
    void prepare() {
        header.putInt(8, SOCKADDR_MAX);
        header.putLong(40, CONTROL_CAPACITY);
        header.putInt(48, 0);
    }

    /**
     * Parses a message as if recvmsg had just filled the buffers with these bytes and lengths — which may lie
     * (bytes beyond a buffer's capacity are dropped, the lengths are kept): tests and fuzzing, no socket.
     */
    public void parseAsReceived(int n, byte[] data, int nameLength, byte[] name, long controlLength, byte[] control, int flags) {
        this.data.put(0, data, 0, Math.min(data.length, DATA_CAPACITY));
        this.name.put(0, name, 0, Math.min(name.length, SOCKADDR_MAX));
        this.control.put(0, control, 0, Math.min(control.length, CONTROL_CAPACITY));
        header.putInt(8, nameLength);
        header.putLong(40, controlLength);
        header.putInt(48, flags);
        parse(n);
    }

    void parse(int n) {
        length = Math.max(0, Math.min(n, DATA_CAPACITY));  // recvmsg never says more than the buffer holds: make sure
        flags = header.getInt(48);
        sender.read(name, 0, header.getInt(8));
        timestamp = 0;
        ttl = -1;
        extendedError = false;
        offender.clear();
        long controlLength = Math.min(header.getLong(40), CONTROL_CAPACITY);  // read nothing outside our buffer
        for (long off = 0; off + CMSGHDR_SIZE <= controlLength; ) {
            long cmsgLength = control.getLong(off);
            if (cmsgLength < CMSGHDR_SIZE || cmsgLength > controlLength - off) break;  // a lying cmsg_len: stop (no overflow)
            readControl(control.getInt(off + 8), control.getInt(off + 12), off + CMSGHDR_SIZE, cmsgLength - CMSGHDR_SIZE);
            off += (cmsgLength + 7) & ~7L;  // CMSG_NXTHDR: aligned to size_t
        }
    }

    private void readControl(int level, int type, long at, long size) {
        if (level == SOL_SOCKET && type == SCM_TIMESTAMPNS && size >= 16) {
            timestamp = control.getLong(at) * 1_000_000_000L + control.getLong(at + 8);
        } else if ((level == SOL_IP && type == IP_TTL || level == SOL_IPV6 && type == IPV6_HOPLIMIT) && size >= 4) {
            ttl = control.getInt(at);
        } else if ((level == SOL_IP && type == IP_RECVERR || level == SOL_IPV6 && type == IPV6_RECVERR)
                && size >= SOCK_EXTENDED_ERR_SIZE) {
            extendedError = true;
            errorNumber = control.getInt(at);
            errorOrigin = u8(control, at + 4);
            errorType = u8(control, at + 5);
            errorCode = u8(control, at + 6);
            errorInfo = control.getInt(at + 8) & 0xffffffffL;
            errorData = control.getInt(at + 12) & 0xffffffffL;
            // SO_EE_OFFENDER: the sockaddr (sockaddr_in or sockaddr_in6) right after the struct
            offender.read(control, at + SOCK_EXTENDED_ERR_SIZE, size - SOCK_EXTENDED_ERR_SIZE);
        }
    }

    /** Bytes received (the data part; for the error queue, what the ICMP error quoted after the header it matched). */
    public int length() { return length; }

    /** msg_flags, e.g. MSG_TRUNC or MSG_CTRUNC. */
    public int flags() { return flags; }

    public boolean truncated() { return (flags & (MSG_TRUNC | MSG_CTRUNC)) != 0; }

    /** msg_name: who sent the packet, or on the error queue the original destination (and port) of ours. */
    public Sockaddr name() { return sender; }

    /** Kernel receive time (CLOCK_REALTIME ns), or 0 if no SCM_TIMESTAMPNS came with the message. */
    public long timestamp() { return timestamp; }

    /** TTL of the received packet (IP_RECVTTL), or its hop limit (IPV6_RECVHOPLIMIT), or -1. */
    public int ttl() { return ttl; }

    /** Whether an IP_RECVERR or IPV6_RECVERR sock_extended_err came with the message (error queue). */
    public boolean hasExtendedError() { return extendedError; }

    /** ee_errno: what the pending error of the socket was set to (113 EHOSTUNREACH for time exceeded). */
    public int errorNumber() { return errorNumber; }

    /** ee_origin: {@link Sockets#SO_EE_ORIGIN_ICMP} (or ICMP6) for an ICMP error from the network. */
    public int errorOrigin() { return errorOrigin; }

    public int errorType() { return errorType; }

    public int errorCode() { return errorCode; }

    /** ee_info: the next-hop MTU for "fragmentation needed" and "packet too big". */
    public long errorInfo() { return errorInfo; }

    /**
     * With IP_RECVERR_RFC4884 (IPV6_RECVERR_RFC4884): where the RFC 4884 extension structure starts in the data
     * part (ee_rfc4884.len, a u16 in host order at ee_data); 0 when the error carried none.
     */
    public int rfc4884Offset() { return (int) (errorData & 0xffff); }

    /** Who sent the ICMP error (SO_EE_OFFENDER); AF_UNSPEC when the message had none. */
    public Sockaddr offender() { return offender; }

    /** Unsigned byte {@code off} of the data part (caller checks {@link #length()}). */
    public int dataU8(int off) { return u8(data, off); }

    /** Big-endian 16-bit field at {@code off} of the data part. */
    public int dataU16(int off) { return u16At(data, off); }

    /** Copies up to {@code dst.length} bytes of the data part; returns how many. */
    public int copyData(byte[] dst) {
        int n = Math.min(length, dst.length);
        data.get(0, dst, 0, n);
        return n;
    }
}
