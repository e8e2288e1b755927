package org.maskline.recordings;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The little WAV handling recordings need: 16-bit PCM only (what Asterisk's {@code wav} format
 * writes: 8 kHz, signed linear). Files are streamed, never held whole in memory.
 */
public final class Wav {
    private Wav() {}

    /** A PCM stream's format and where its samples are. */
    public record Format(int channels, int sampleRate, int bitsPerSample, long dataOffset, long dataBytes) {
        public long frames() {
            return dataBytes / ((long) channels * (bitsPerSample / 8));
        }

        public long durationMs() {
            return frames() * 1000 / sampleRate;
        }
    }

    /** Reads the header. @throws IOException when the file is not 16-bit PCM WAV */
    public static Format read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return header(new DataInputStream(in), Files.size(file));
        }
    }

    private static Format header(DataInputStream in, long size) throws IOException {
        byte[] riff = new byte[12];
        in.readFully(riff);
        if (!"RIFF".equals(new String(riff, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                || !"WAVE".equals(new String(riff, 8, 4, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IOException("not a WAV file");
        }
        long pos = 12;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (true) {
            byte[] h = new byte[8];
            try {
                in.readFully(h);
            } catch (EOFException e) {
                throw new IOException("WAV file without a data chunk");
            }
            pos += 8;
            String id = new String(h, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long len = ByteBuffer.wrap(h, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            if ("fmt ".equals(id)) {
                byte[] f = new byte[(int) len];
                in.readFully(f);
                ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
                int tag = b.getShort(0) & 0xffff;
                channels = b.getShort(2);
                rate = b.getInt(4);
                bits = b.getShort(14);
                if (tag != 1 || bits != 16) throw new IOException("not 16-bit PCM (format " + tag + ", " + bits + " bits)");
                pos += len;
            } else if ("data".equals(id)) {
                if (channels == 0) throw new IOException("WAV data before its format");
                // A recording stopped abruptly may carry a length that is not true: trust the file's size.
                long bytes = Math.min(len, size - pos);
                if (len == 0 || len == 0xffffffffL) bytes = size - pos;
                return new Format(channels, rate, bits, pos, bytes - bytes % (2L * channels));
            } else {
                in.skipNBytes(len + (len & 1));
                pos += len + (len & 1);
            }
        }
    }

    /**
     * Joins two mono tracks into one stereo file (left, right); the shorter one is padded with silence.
     * A missing track ({@code null}) is silence throughout.
     */
    public static Format joinStereo(Path left, Path right, Path target) throws IOException {
        Format l = left == null ? null : read(left);
        Format r = right == null ? null : read(right);
        if (l == null && r == null) throw new IOException("no track to join");
        for (Format f : new Format[] {l, r}) {
            if (f != null && f.channels() != 1) throw new IOException("a track is not mono");
        }
        int rate = l != null ? l.sampleRate() : r.sampleRate();
        if (l != null && r != null && l.sampleRate() != r.sampleRate()) throw new IOException("tracks differ in sample rate");
        long frames = Math.max(l == null ? 0 : l.frames(), r == null ? 0 : r.frames());
        long dataBytes = frames * 4;
        try (InputStream li = open(left, l); InputStream ri = open(right, r);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            out.write(header(2, rate, dataBytes));
            byte[] a = new byte[2];
            byte[] b = new byte[2];
            for (long i = 0; i < frames; i++) {
                sample(li, a);
                sample(ri, b);
                out.write(a);
                out.write(b);
            }
        }
        return new Format(2, rate, 16, 44, dataBytes);
    }

    /** Writes one channel of a file as a mono WAV (what a transcription engine is sent, one party at a time). */
    public static void extractChannel(Path source, int channel, Path target) throws IOException {
        Format f = read(source);
        if (channel < 0 || channel >= f.channels()) throw new IOException("no channel " + channel);
        long frames = f.frames();
        try (InputStream in = open(source, f); OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            out.write(header(1, f.sampleRate(), frames * 2));
            byte[] frame = new byte[2 * f.channels()];
            for (long i = 0; i < frames; i++) {
                in.readNBytes(frame, 0, frame.length);
                out.write(frame, 2 * channel, 2);
            }
        }
    }

    /** The 44-byte header of a 16-bit PCM file. */
    public static byte[] header(int channels, int rate, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) Math.min(0xffffffffL, 36 + dataBytes));
        b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * 2)
                .putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) Math.min(0xffffffffL, dataBytes));
        return b.array();
    }

    private static InputStream open(Path p, Format f) throws IOException {
        if (p == null) return InputStream.nullInputStream();
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        in.skipNBytes(f.dataOffset());
        return in;
    }

    /** The next sample, or silence once the track has ended. */
    private static void sample(InputStream in, byte[] into) throws IOException {
        if (in.readNBytes(into, 0, 2) < 2) {
            into[0] = 0;
            into[1] = 0;
        }
    }
}
