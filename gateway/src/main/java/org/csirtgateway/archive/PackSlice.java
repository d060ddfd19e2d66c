package org.csirtgateway.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One content's bytes within a pack file, read with positional reads. A pack shorter than its recorded content is
 * an error, never a silently shortened message.
 */
final class PackSlice extends InputStream {

    private final FileChannel channel;
    private final String name;
    private final long end;
    private long position;

    PackSlice(FileChannel channel, String name, long start, long size) {
        this.channel = channel;
        this.name = name;
        this.position = start;
        this.end = start + size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int wanted = (int) Math.min(length, end - position);
        int read = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
        if (read < 0) {
            throw new IOException("Archive pack " + name + " ends at byte " + position + ", before the end of the "
                    + "content stored there (byte " + end + "): the pack file is truncated");
        }
        position += read;
        return read;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
