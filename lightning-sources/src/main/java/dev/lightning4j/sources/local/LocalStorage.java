package dev.lightning4j.sources.local;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * A local directory. Symbolic links are followed only while they stay inside the directory, so an export
 * can never make the import read other files of the machine.
 */
public final class LocalStorage implements Storage {
    private final Path root;

    /** @param root the directory, as a real path (symbolic links resolved) */
    LocalStorage(Path root) {
        this.root = root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public List<StorageFile> list() throws IOException {
        List<StorageFile> files = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                            throws IOException {
                        return inside(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        if (attrs.isRegularFile() && inside(file)) {
                            files.add(new StorageFile(relative(file), attrs.size()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        // A link cycle or a dangling link is not data; anything else is a real failure.
                        if (e instanceof FileSystemLoopException || e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        files.sort(Comparator.comparing(StorageFile::path));
        return files;
    }

    private boolean inside(Path p) throws IOException {
        return p.toRealPath().startsWith(root);
    }

    private String relative(Path p) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(p)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
        Path file = resolve(path);
        if (offset < 0) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "negative offset " + offset + " for " + path);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ImportException(ErrorCode.SOURCE_NOT_FOUND, "file " + path + " does not exist in " + root
                    + "; was it removed after the source was listed?", path, -1, null, null, e);
        }
        try {
            ch.position(offset);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return Channels.newInputStream(ch);
    }

    /** The file for a relative '/'-separated path, refusing anything that would leave the root. */
    private Path resolve(String path) throws IOException {
        if (path == null || path.isEmpty() || path.startsWith("/") || Path.of(path).isAbsolute()) {
            throw outside(path, "is not a relative path");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw outside(path, "contains a '..' segment");
            }
        }
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || (Files.exists(file) && !file.toRealPath().startsWith(root))) {
            throw outside(path, "leads outside the source directory");
        }
        return file;
    }

    private ImportException outside(String path, String why) {
        return new ImportException(ErrorCode.INVALID_OPTION, "path '" + path + "' " + why
                + "; storage paths are relative to " + root + " and stay inside it");
    }
}
