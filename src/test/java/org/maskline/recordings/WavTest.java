package org.maskline.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
    @TempDir
    Path dir;

    private Path mono(String name, short... samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) b.putShort(s);
        Path p = dir.resolve(name);
        Files.write(p, concat(Wav.header(1, 8000, samples.length * 2L), b.array()));
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static short[] samples(Path p) throws IOException {
        Wav.Format f = Wav.read(p);
        byte[] all = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(all, (int) f.dataOffset(), (int) f.dataBytes()).order(ByteOrder.LITTLE_ENDIAN);
        short[] out = new short[(int) (f.dataBytes() / 2)];
        for (int i = 0; i < out.length; i++) out[i] = b.getShort();
        return out;
    }

    @Test
    void twoTracksBecomeOneStereoFileAndTheShorterOneIsPaddedWithSilence() throws IOException {
        Path a = mono("a.wav", (short) 1, (short) 2, (short) 3);
        Path b = mono("b.wav", (short) -1);
        Path out = dir.resolve("out.wav");
        Wav.Format f = Wav.joinStereo(a, b, out);
        assertEquals(2, f.channels());
        assertEquals(3, f.frames());
        assertArrayEquals(new short[] {1, -1, 2, 0, 3, 0}, samples(out));
        assertEquals(f, Wav.read(out));
    }

    @Test
    void aMissingTrackIsSilenceAndEachChannelCanBeTakenOutAgain() throws IOException {
        Path b = mono("b.wav", (short) 7, (short) 8);
        Path out = dir.resolve("out.wav");
        Wav.joinStereo(null, b, out);
        assertArrayEquals(new short[] {0, 7, 0, 8}, samples(out));
        Path right = dir.resolve("right.wav");
        Wav.extractChannel(out, 1, right);
        assertArrayEquals(new short[] {7, 8}, samples(right));
        assertEquals(1, Wav.read(right).channels());
    }

    @Test
    void aTruncatedRecordingIsReadByItsSizeNotItsHeader() throws IOException {
        // Asterisk killed mid-recording leaves a header whose data length was never written.
        byte[] header = Wav.header(1, 8000, 0);
        byte[] data = {1, 0, 2, 0};
        Path p = dir.resolve("cut.wav");
        Files.write(p, concat(header, data));
        assertEquals(2, Wav.read(p).frames());
        assertEquals(250, new Wav.Format(1, 8000, 16, 44, 4000).durationMs());
    }

    @Test
    void somethingElseIsRefused() throws IOException {
        Path p = dir.resolve("x.wav");
        Files.writeString(p, "not audio at all, really");
        assertThrows(IOException.class, () -> Wav.read(p));
        assertThrows(IOException.class, () -> Wav.joinStereo(null, null, dir.resolve("y.wav")));
    }
}
