package dev.bridge.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML file read the way Camel's YAML DSL reads it (snakeyaml-engine, default settings), as a JSON tree for the
 * schema, with the line of every JSON pointer so that a problem found in the tree names its line in the file.
 */
public final class YamlFile {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String name;
    private final JsonNode root;
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlFile(String name, Node node) {
        this.name = name;
        this.root = node == null ? JSON.nullNode() : convert(node, "");
    }

    /** Reads {@code file}, shown as {@code name}; null (and one problem) when it is not readable YAML. */
    public static YamlFile read(Path file, String name, List<Problem> problems) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), name, problems);
        } catch (IOException e) {
            problems.add(Problem.error(name, 0, "file", "cannot be read (" + e.getMessage() + "); check that it is a readable UTF-8 text file"));
            return null;
        }
    }

    /** Parses YAML text from {@code name}; null (and one problem) when it is not YAML. */
    public static YamlFile parse(String text, String name, List<Problem> problems) {
        try {
            Node node = new Compose(LoadSettings.builder().setLabel(name).build()).composeString(text).orElse(null);
            return new YamlFile(name, node);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            problems.add(Problem.error(name, line, "YAML", e.getProblem() + "; fix the YAML syntax (indentation, quotes, a ':' after each key)"));
        } catch (YamlEngineException e) {
            problems.add(Problem.error(name, 0, "YAML", "cannot be read (" + e.getMessage().replace('\n', ' ') + "); fix the YAML syntax"));
        }
        return null;
    }

    /** Files named {@code *<suffix>} directly in {@code dir}, by name; none when the folder does not exist. */
    public static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var stream = Files.list(dir)) {
            return stream.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /** A problem at {@code pointer} in this file, with its line. */
    public Problem problem(String pointer, String text) {
        return Problem.error(name, line(pointer), pointer.isEmpty() ? "/" : pointer, text);
    }

    public String name() {
        return name;
    }

    public JsonNode root() {
        return root;
    }

    /** The line of the value at {@code pointer}, or of its nearest ancestor that has one; 0 if none. */
    public int line(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    private JsonNode convert(Node node, String pointer) {
        lines.putIfAbsent(pointer, line(node.getStartMark().orElse(null)));
        if (node instanceof MappingNode map) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple tuple : map.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(tuple.getKeyNode());
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                // a key's line is where a reader looks for the entry, also when its value starts on the next line
                lines.put(child, line(tuple.getKeyNode().getStartMark().orElse(null)));
                object.set(key, convert(tuple.getValueNode(), child));
            }
            return object;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode array = JSON.arrayNode();
            for (Node item : seq.getValue()) {
                array.add(convert(item, pointer + "/" + array.size()));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode node) {
        String v = node.getValue();
        Tag tag = node.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return JSON.nullNode();
            } else if (Tag.BOOL.equals(tag)) {
                return JSON.booleanNode(Boolean.parseBoolean(v.toLowerCase()));
            } else if (Tag.INT.equals(tag)) {
                return JSON.numberNode(new BigInteger(v.replace("_", "").replaceFirst("^\\+", "")));
            } else if (Tag.FLOAT.equals(tag)) {
                return JSON.numberNode(new BigDecimal(v.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            // 0x1F, .inf and the like: still a number to the schema, the value itself does not matter here
            return JSON.numberNode(0);
        }
        return JSON.textNode(v);
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }
}
