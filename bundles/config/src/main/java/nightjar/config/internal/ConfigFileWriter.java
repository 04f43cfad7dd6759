package nightjar.config.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.apache.felix.utils.properties.TypedProperties;
import org.jspecify.annotations.Nullable;

/**
 * Writes a configuration to its {@code .cfg} file in the form Felix FileInstall reads, atomically.
 *
 * <p>The file is read and changed with FileInstall's own {@link TypedProperties} (the version
 * FileInstall 3.7.4 embeds), as FileInstall's {@code enableConfigSave} did: comments and the order
 * of the keys stay, unchanged values keep their lines, removed keys go, new keys come last. A file
 * whose values are all strings stays plain ({@code fps = 10}); once a value is typed (an Integer
 * from the web console) the whole file is written typed ({@code fps = I"10"}), since FileInstall
 * reads a file as typed only when every value is. What is written is read back first as FileInstall
 * will read it, and must give the same values.
 *
 * <p>The new content goes to a temporary file in the same directory, is flushed to the disk, and is
 * renamed over the file: a reader (FileInstall's directory scan) sees the old file or the new one,
 * never a part of either, and a failed write (disk full, read-only file system) leaves the old file
 * as it was.
 */
final class ConfigFileWriter {
    /** The last step, the rename; tests replace it to make it fail. */
    @FunctionalInterface
    interface Rename {
        void replace(Path temporary, Path target) throws IOException;
    }

    private final Charset encoding;
    private final TypedProperties.@Nullable SubstitutionCallback substitution;
    private final Rename rename;

    /**
     * @param encoding what FileInstall reads files with ({@code felix.fileinstall.configEncoding})
     * @param substitution how FileInstall resolves {@code ${...}} in values, so that "unchanged" means
     *     what it means to FileInstall; null resolves system properties
     */
    ConfigFileWriter(Charset encoding, TypedProperties.@Nullable SubstitutionCallback substitution) {
        this(encoding, substitution, (temporary, target) -> Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE));
    }

    ConfigFileWriter(Charset encoding, TypedProperties.@Nullable SubstitutionCallback substitution, Rename rename) {
        this.encoding = encoding;
        this.substitution = substitution;
        this.rename = rename;
    }

    /** What files are read and written with. */
    Charset encoding() {
        return encoding;
    }

    /** Whether a file with this content already holds these properties (as FileInstall reads them). */
    boolean holds(byte[] content, Map<String, Object> properties) throws IOException {
        return same(parse(content), readable(properties));
    }

    /** Whether FileInstall reads the same values from both contents (comments, spacing and order aside). */
    boolean sameValues(byte[] one, byte[] other) throws IOException {
        return same(parse(one), new HashMap<>(parse(other)));
    }

    private static Map<String, Object> readable(Map<String, Object> properties) {
        Map<String, Object> readable = new HashMap<>();
        properties.forEach((key, value) -> readable.put(key, readable(value)));
        return readable;
    }

    /**
     * Makes {@code file} hold exactly {@code properties}, unless it already does as FileInstall reads
     * it: nothing is written then, so writing back what FileInstall just read ends there.
     *
     * @return whether the file was written
     * @throws IOException when the file cannot be read or written, or FileInstall would read a value
     *     back otherwise than given; the file is unchanged then
     */
    boolean write(Path file, Map<String, Object> properties) throws IOException {
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
        TypedProperties content = parse(Files.exists(target) ? Files.readAllBytes(target) : new byte[0]);
        Map<String, Object> wanted = readable(properties);
        if (same(content, wanted)) {
            return false;
        }
        for (String key : new ArrayList<>(content.keySet())) {
            if (!wanted.containsKey(key)) {
                content.remove(key);
            }
        }
        for (String key : new TreeSet<>(wanted.keySet())) {
            Object value = wanted.get(key);
            Object escaped = escaped(value);
            if (!content.containsKey(key) || !equal(content.get(key), value) || escaped != value) {
                content.put(key, escaped);
            }
        }
        StringWriter text = new StringWriter();
        content.save(text);
        byte[] bytes = encode(text.toString());
        TypedProperties readBack = parse(bytes);
        List<String> misread = new ArrayList<>();
        wanted.forEach((key, value) -> {
            if (!readBack.containsKey(key) || !equal(readBack.get(key), value)) {
                misread.add(key);
            }
        });
        if (!misread.isEmpty() || readBack.size() != wanted.size()) {
            throw new IOException("FileInstall would read " + misread + " back otherwise than saved");
        }
        replace(target, bytes);
        return true;
    }

    /** A file's content as FileInstall reads it. */
    private TypedProperties parse(byte[] content) throws IOException {
        TypedProperties properties = new TypedProperties(substitution);
        try (Reader in = new StringReader(new String(content, encoding))) {
            properties.load(in);
        }
        return properties;
    }

    /**
     * A collection (the web console's value of a list with negative cardinality) becomes an array:
     * FileInstall 3.7.4 reads a file as typed only if every value looks typed, and its reader does
     * not take a collection's {@code (...)} for one, which would turn the whole file into strings.
     */
    private static Object readable(Object value) {
        if (!(value instanceof Collection<?> items)) {
            return value;
        }
        Class<?> type = items.isEmpty() ? String.class : items.iterator().next().getClass();
        if (!items.stream().allMatch(type::isInstance)) {
            return items.stream().map(String::valueOf).toArray(String[]::new);
        }
        Object array = Array.newInstance(type, items.size());
        int i = 0;
        for (Object item : items) {
            Array.set(array, i++, item);
        }
        return array;
    }

    /**
     * A string as it must be written for FileInstall to read it back: FileInstall resolves
     * {@code ${...}} in every value, dropping a backslash before a backslash or a brace as it does,
     * and in a typed file the quotes take escapes too. Escaping backslashes and braces once more
     * keeps them (a password with a backslash stays the same), and a {@code ${...}} meant literally.
     * Other values, and strings without either, are returned as they are.
     */
    private static Object escaped(Object value) {
        if (value instanceof String text) {
            String escaped = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}");
            return escaped.equals(text) ? text : escaped;
        }
        if (value instanceof String[] texts) {
            String[] escaped = new String[texts.length];
            boolean changed = false;
            for (int i = 0; i < texts.length; i++) {
                escaped[i] = (String) escaped(texts[i]);
                changed |= !escaped[i].equals(texts[i]);
            }
            return changed ? escaped : texts;
        }
        return value;
    }

    private static boolean same(TypedProperties content, Map<String, Object> wanted) {
        if (!content.keySet().equals(wanted.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> entry : wanted.entrySet()) {
            if (!equal(content.get(entry.getKey()), entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Equal values of the same type; arrays element by element. */
    private static boolean equal(@Nullable Object a, @Nullable Object b) {
        return Objects.deepEquals(a, b);
    }

    /**
     * The text in the file's encoding. FileInstall's writer puts typed strings in as they are, so a
     * character that encoding cannot hold (a euro sign in ISO-8859-1) is written as the
     * {@code \}{@code uXXXX} escape its reader understands, instead of becoming a question mark.
     */
    private byte[] encode(String text) throws CharacterCodingException {
        CharsetEncoder encoder = encoding.newEncoder();
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length();) {
            int end = i + Character.charCount(text.codePointAt(i));
            CharSequence character = text.subSequence(i, end);
            if (encoder.canEncode(character)) {
                escaped.append(character);
            } else {
                character.chars().forEach(c -> escaped.append(String.format("\\u%04x", c)));
            }
            i = end;
        }
        ByteBuffer bytes = encoder.encode(CharBuffer.wrap(escaped));
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    /** Temporary file beside the target, flushed, renamed over it; the directory flushed too. */
    private void replace(Path target, byte[] content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        try {
            keepPermissions(target, temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            rename.replace(temporary, target);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + directory + " cannot rename atomically", e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // What could not be written there cannot be removed either; FileInstall ignores *.tmp.
            }
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Some file systems cannot flush a directory; the rename itself has happened.
        }
    }

    /** A new file is readable by its owner only (it may hold a password); a rewritten one keeps its mode. */
    private static void keepPermissions(Path target, Path temporary) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view != null && Files.exists(target)) {
            Files.setPosixFilePermissions(temporary, view.readAttributes().permissions());
        }
    }
}
