package dev.bridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** A test's own mapping file: the project's config/mapping.yaml, changed the way the test needs. */
public final class MappingFiles {

    private MappingFiles() {
    }

    /** The project's mapping, changed by {@code change}, written to a file of its own under target/. */
    public static Path changed(UnaryOperator<String> change) throws IOException {
        return write(change.apply(Files.readString(Path.of("config", "mapping.yaml"))));
    }

    /** A mapping file of its own under target/ that holds {@code yaml}. */
    public static Path write(String yaml) throws IOException {
        Path file = Files.createDirectories(Path.of("target", "mapping", UUID.randomUUID().toString())).resolve("mapping.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The project's mapping with its contacts section replaced by {@code contactsSection} (which starts with "contacts:"). */
    public static Path withContacts(String contactsSection) throws IOException {
        return changed(project -> project.substring(0, project.indexOf("\ncontacts:")) + "\n\n" + contactsSection);
    }
}
