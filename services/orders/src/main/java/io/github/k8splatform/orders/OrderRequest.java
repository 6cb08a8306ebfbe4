package io.github.k8splatform.orders;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /api/orders. */
public record OrderRequest(
        // The example is a product batch seed writes, so that a client trying the example places an order.
        @NotNull @Pattern(regexp = "^[A-Z0-9][A-Z0-9-]{0,63}$", message = "must be a catalog sku")
        @Schema(examples = "COFFEE-HOUSE") String sku,
        @NotNull @Min(1) @Max(1000) Integer quantity) {

    /** What makes two requests "the same body" for an Idempotency-Key. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((sku + "\n" + quantity).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
