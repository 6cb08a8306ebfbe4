package io.github.k8splatform.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * What a client may send to create or replace a product. The sku is required on POST; on PUT it
 * comes from the path only.
 */
public record ProductInput(
        @Pattern(regexp = SKU_PATTERN, message = "must be 1 to 64 upper-case letters, digits or dashes") String sku,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotNull @PositiveOrZero @Max(MAX_PRICE_CENTS) Long priceCents,
        @NotNull @Pattern(regexp = CURRENCY_PATTERN, message = "must be an ISO 4217 code such as EUR") String currency) {

    /** Anchored: Java matches a whole value, while OpenAPI's patterns (ECMA-262) match anywhere in it. */
    public static final String SKU_PATTERN = "^[A-Z0-9][A-Z0-9-]{0,63}$";
    static final String CURRENCY_PATTERN = "^[A-Z]{3}$";
    /** A million in any currency: far above any product here, far below overflow when summed. */
    public static final long MAX_PRICE_CENTS = 100_000_000L;

    Product toProduct(String productSku) {
        return new Product(productSku, name.strip(), description == null ? "" : description.strip(), priceCents,
                currency, null);
    }
}
