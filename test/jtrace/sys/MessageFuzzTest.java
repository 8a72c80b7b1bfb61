package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

/**
 * The recvmsg parser (msg_name, control messages) trusts nothing the kernel or a sender put there: any
 * lengths and bytes parse without an exception and without reading outside the native buffers (jnr's
 * bounded memory throws IndexOutOfBoundsException if it tried). Inputs: MessageFuzzTestInputs/parse/, in
 * the layout {@link MessageFrames} writes.
 */
class MessageFuzzTest {
    private final Message message = new Message();

    @FuzzTest(maxDuration = "3m")
    void parse(byte[] input) {
        Frame f = Frame.read(input);
        message.parseAsReceived(f.n, f.data, f.nameLength, f.name, f.controlLength, f.control, f.flags);

        assertThat(message.length()).isBetween(0, Message.DATA_CAPACITY);
        byte[] copy = new byte[Message.DATA_CAPACITY + 1];
        assertThat(message.copyData(copy)).isEqualTo(message.length());
        for (int i = 0; i < Math.min(message.length(), 64); i++) message.dataU8(i);
        if (message.length() >= 2) message.dataU16(message.length() - 2);
        if (message.hasExtendedError()) assertThat(message.errorOrigin()).isBetween(0, 255);
    }

    @Test
    void aRouterTimeExceededOnTheErrorQueueParsesIntoItsFields() {
        Frame f = Frame.read(MessageFrames.seeds().get("time-exceeded-on-the-error-queue"));
        message.parseAsReceived(f.n, f.data, f.nameLength, f.name, f.controlLength, f.control, f.flags);

        assertThat(message.timestamp()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(message.ttl()).isEqualTo(63);
        assertThat(message.hasExtendedError()).isTrue();
        assertThat(message.errorType()).isEqualTo(11);
        assertThat(message.errorNumber()).isEqualTo(113);
        assertThat(message.errorOrigin()).isEqualTo(2);
    }

    /** What recvmsg hands over, read from a fuzz input: missing bytes are zero, so every input is usable. */
    record Frame(int n, int nameLength, long controlLength, int flags, byte[] name, byte[] control, byte[] data) {
        static Frame read(byte[] input) {
            ByteBuffer b = ByteBuffer.wrap(input);
            int n = getInt(b), nameLength = getInt(b);
            long controlLength = b.remaining() >= 8 ? b.getLong() : 0;
            int flags = getInt(b);
            byte[] name = take(b, b.remaining() >= 1 ? b.get() & 0xff : 0);
            byte[] control = take(b, b.remaining() >= 2 ? b.getShort() & 0xffff : 0);
            byte[] data = take(b, b.remaining());
            return new Frame(Math.floorMod(n, Message.DATA_CAPACITY + 2), nameLength, controlLength, flags, name, control, data);
        }

        private static int getInt(ByteBuffer b) { return b.remaining() >= 4 ? b.getInt() : 0; }

        private static byte[] take(ByteBuffer b, int n) {
            byte[] out = new byte[Math.min(n, b.remaining())];
            b.get(out);
            return out;
        }
    }
}
