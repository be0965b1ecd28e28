package dev.fleetway.tenant;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;

import dev.fleetway.FleetwayException;

/** Replaces a file's content so that a reader sees the old file or the new one, never a part. */
final class AtomicFile {
    private AtomicFile() {
    }

    /**
     * Writes {@code text} to a temporary file beside {@code file} (with its permissions), flushes it to disk and
     * renames it over {@code file}.
     *
     * @param file a real path (symbolic links resolved: the link's target is replaced, not the link)
     * @param name how messages name the file
     * @throws FleetwayException (exit 2) when it cannot be written; {@code file} is then as it was
     */
    static void replace(Path file, String text, String name) {
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Files.setPosixFilePermissions(temp, view.readAttributes().permissions());
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw FleetwayException.usage(name + ": cannot write it (" + e.getClass().getSimpleName() + ": "
                    + FleetwayException.firstLine(e.getMessage()) + ") — make it and its directory writable");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
