package io.github.k8splatform.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads an ingest batch: a JSON array of lines or NDJSON (one line object per text line), optionally
 * gzip-compressed, bounded in decompressed size and in line count. Any invalid line rejects the whole
 * batch with the offending field (lines[i].field), so a bad batch stores nothing.
 */
@ApplicationScoped
public class LogBatchReader {

    public static final String NDJSON = "application/x-ndjson";

    private final ObjectMapper json;
    private final Validator validator;
    private final long maxDecompressedBytes;
    private final int maxLines;

    LogBatchReader(ObjectMapper json, Validator validator, IngestConfig ingest) {
        this.json = json;
        this.validator = validator;
        this.maxDecompressedBytes = ingest.maxDecompressedBytes();
        this.maxLines = ingest.maxLines();
    }

    public List<LogLine> read(InputStream body, String contentType, String contentEncoding) {
        byte[] bytes = bounded(body, contentEncoding);
        List<LogLine> lines = contentType != null && contentType.startsWith(NDJSON) ? ndjson(bytes) : array(bytes);
        if (lines.isEmpty()) {
            throw new ProblemException(Problem.invalidField("lines", "a batch needs at least one line"));
        }
        if (lines.size() > maxLines) {
            throw new ProblemException(Problem.invalidField("lines", "a batch holds at most " + maxLines + " lines"));
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) == null) {
                throw new ProblemException(Problem.invalidField("lines[" + i + "]", "a line must be an object"));
            }
            Set<ConstraintViolation<LogLine>> violations = validator.validate(lines.get(i));
            if (!violations.isEmpty()) {
                ConstraintViolation<LogLine> first = violations.iterator().next();
                String field = "lines[" + i + "]." + first.getPropertyPath();
                throw new ProblemException(Problem.invalidField(field, field + " " + first.getMessage()));
            }
        }
        return lines;
    }

    private byte[] bounded(InputStream body, String contentEncoding) {
        boolean gzip = contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
        if (contentEncoding != null && !contentEncoding.isBlank() && !gzip && !contentEncoding.trim().equalsIgnoreCase("identity")) {
            throw new ProblemException(Problem.of(415, "unsupported-encoding", "Unsupported Media Type",
                    "Content-Encoding " + contentEncoding + " is not supported: send gzip or identity").withField("Content-Encoding"));
        }
        try (InputStream in = gzip ? new GZIPInputStream(body) : body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[16_384];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + n > maxDecompressedBytes) {
                    throw new ProblemException(Problem.of(413, "body-too-large", "Payload Too Large",
                            "the batch is over " + maxDecompressedBytes + " bytes once decompressed").withField("body"));
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ProblemException(Problem.invalidField("body", "the body could not be read"
                    + (gzip ? " as gzip" : "") + ": " + e.getMessage()));
        }
    }

    private List<LogLine> array(byte[] bytes) {
        try {
            List<LogLine> lines = json.readValue(bytes, new TypeReference<List<LogLine>>() { });
            return lines == null ? List.of() : lines;
        } catch (JsonProcessingException e) {
            throw unreadable("lines", e);
        } catch (IOException e) {
            throw new ProblemException(Problem.invalidField("body", e.getMessage()));
        }
    }

    private List<LogLine> ndjson(byte[] bytes) {
        List<LogLine> lines = new ArrayList<>();
        String[] texts = new String(bytes, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].isBlank()) {
                continue;
            }
            try {
                lines.add(json.readValue(texts[i], LogLine.class));
            } catch (JsonProcessingException e) {
                throw unreadable("lines[" + lines.size() + "]", e);
            }
        }
        return lines;
    }

    private static ProblemException unreadable(String where, JsonProcessingException e) {
        boolean located = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty();
        String field = located ? where + pathOf((com.fasterxml.jackson.databind.JsonMappingException) e)
                : where.equals("lines") ? "body" : where;
        return new ProblemException(Problem.invalidField(field, field + " is not a valid log line: " + e.getOriginalMessage()));
    }

    private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            path.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return path.toString();
    }
}
