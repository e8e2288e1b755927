package org.maskline.recordings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maskline's own storage folder for recordings ({@code MASKLINE_RECORDINGS_DIR}): one stereo WAV
 * per call, named by the call id, and a work folder for downloads in progress.
 */
public final class RecordingFiles {
    /** Call ids are ours (UUIDs); anything else never becomes a path. */
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Path dir;

    public RecordingFiles(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** Creates the folders (owner-only where the file system allows). */
    public RecordingFiles open() {
        try {
            Files.createDirectories(incoming());
            try {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the operator secures the folder
            }
        } catch (IOException e) {
            throw new IllegalStateException("MASKLINE_RECORDINGS_DIR " + dir + ": cannot create (" + e.getMessage() + ")", e);
        }
        return this;
    }

    public static boolean isCallId(String id) {
        return id != null && CALL_ID.matcher(id).matches();
    }

    /** The call's recording, when the id is a call id. */
    public Optional<Path> of(String callId) {
        return isCallId(callId) ? Optional.of(dir.resolve(callId + ".wav")) : Optional.empty();
    }

    Path incoming() {
        return dir.resolve(".incoming");
    }

    /** Deletes the call's recording; true when there was a file. */
    public boolean delete(String callId) throws IOException {
        Optional<Path> p = of(callId);
        return p.isPresent() && Files.deleteIfExists(p.get());
    }

    public Path dir() {
        return dir;
    }
}
