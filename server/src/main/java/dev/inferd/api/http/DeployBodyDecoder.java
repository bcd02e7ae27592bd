package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.inferd.bundle.BundleUpload;
import dev.inferd.bundle.Manifest;
import dev.inferd.error.BadRequestException;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.UnsupportedMediaTypeException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a JSON deploy body into the files of a bundle: the manifest's fields at the top level and
 * text files inline under {@code files}. The JSON form is stored as a bundle whose {@code inferd.yaml}
 * holds those fields written in sorted order, so the same JSON deploy sent twice hashes alike
 * whatever the order of its keys. (A zipped bundle is not decoded here: it goes to a file as it
 * arrives, and is unpacked from there.)
 */
final class DeployBodyDecoder {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    static final String EMPTY_BODY = "the deploy body is empty; send a zipped bundle or a JSON bundle";

    private final ObjectMapper json;
    private final YAMLMapper yaml;

    DeployBodyDecoder(ObjectMapper json) {
        this.json = json;
        this.yaml = YAMLMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();
    }

    /** A body whose Content-Type says JSON. */
    BundleUpload decode(byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException(EMPTY_BODY);
        }
        if (startsLikeAZip(body)) {
            // curl --data-binary @bundle.zip without -H: worth a hint rather than "not valid JSON".
            throw new UnsupportedMediaTypeException("the deploy body is a zip archive but its Content-Type says JSON or form"
                    + " data; send zips with Content-Type: application/zip");
        }
        return fromJson(body);
    }

    private static boolean startsLikeAZip(byte[] body) {
        for (int i = 0; i < ZIP_MAGIC.length; i++) {
            if (body.length <= i || body[i] != ZIP_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private BundleUpload fromJson(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
            throw new BadRequestException("the deploy body is not valid JSON (a zip is sent as application/zip): " + reason);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadRequestException("the deploy body holds a number that cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("a JSON deploy body is an object: {\"runtime\": ..., \"main\": ..., \"files\": {...}}");
        }
        ObjectNode manifestFields = ((ObjectNode) root).deepCopy();
        JsonNode filesNode = manifestFields.remove("files");
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (filesNode != null) {
            if (!filesNode.isObject()) {
                throw new BundleRejectedException("files must be an object of path to file text");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = filesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> file = it.next();
                if (!file.getValue().isTextual()) {
                    throw new BundleRejectedException("files." + file.getKey() + " must be the file's text; deploy binary files in a zip");
                }
                files.put(file.getKey(), file.getValue().textValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!manifestFields.isEmpty()) {
            if (files.containsKey(Manifest.FILE_NAME)) {
                throw new BundleRejectedException("give the manifest either as top-level fields or as files."
                        + Manifest.FILE_NAME + ", not both");
            }
            files.put(Manifest.FILE_NAME, toYaml(manifestFields));
        }
        return new BundleUpload.InMemory(files);
    }

    private byte[] toYaml(ObjectNode manifestFields) {
        try {
            return yaml.writeValueAsBytes(manifestFields);
        } catch (JsonProcessingException e) {
            throw new BundleRejectedException("the manifest fields cannot be written as YAML: " + e.getOriginalMessage());
        }
    }
}
