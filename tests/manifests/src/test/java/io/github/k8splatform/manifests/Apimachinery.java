package io.github.k8splatform.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The syntax predicates of k8s.io/apimachinery/pkg/util/validation/validation.go, same names and
 * messages: each returns the reasons a value is invalid, none when it is valid.
 */
final class Apimachinery {

    private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL_RE = Pattern.compile(DNS1123_LABEL);
    private static final Pattern DNS1123_SUBDOMAIN_RE = Pattern.compile(DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*");
    private static final Pattern DNS1035_LABEL_RE = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED_NAME_RE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE_RE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern PORT_NAME_CHARS_RE = Pattern.compile("[-a-z0-9]+");
    private static final Pattern PORT_NAME_LETTER_RE = Pattern.compile(".*[a-z].*");
    private static final Pattern PERCENT_RE = Pattern.compile("[0-9]+%");
    private static final Pattern ENV_VAR_NAME_RE = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern CONFIG_MAP_KEY_RE = Pattern.compile("[-._a-zA-Z0-9]+");
    static final int DNS1123_LABEL_MAX_LENGTH = 63;
    static final int DNS1035_LABEL_MAX_LENGTH = 63;
    private static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
    private static final int QUALIFIED_NAME_MAX_LENGTH = 63;
    private static final int LABEL_VALUE_MAX_LENGTH = 63;

    private Apimachinery() {
    }

    static List<String> IsDNS1123Label(String value) {
        return check(value, DNS1123_LABEL_MAX_LENGTH, DNS1123_LABEL_RE,
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
    }

    static List<String> IsDNS1123Subdomain(String value) {
        return check(value, DNS1123_SUBDOMAIN_MAX_LENGTH, DNS1123_SUBDOMAIN_RE,
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
    }

    static List<String> IsDNS1035Label(String value) {
        return check(value, DNS1035_LABEL_MAX_LENGTH, DNS1035_LABEL_RE,
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");
    }

    /** A label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
    static List<String> IsQualifiedName(String value) {
        List<String> errors = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name = parts[parts.length - 1];
        if (parts.length > 2) {
            errors.add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'");
            return errors;
        }
        if (parts.length == 2) {
            if (parts[0].isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                IsDNS1123Subdomain(parts[0]).forEach(e -> errors.add("prefix part " + e));
            }
        }
        errors.addAll(check(name, QUALIFIED_NAME_MAX_LENGTH, QUALIFIED_NAME_RE,
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
        return errors;
    }

    static List<String> IsValidLabelValue(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > LABEL_VALUE_MAX_LENGTH) {
            errors.add("must be no more than " + LABEL_VALUE_MAX_LENGTH + " characters");
        }
        if (!LABEL_VALUE_RE.matcher(value).matches()) {
            errors.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }
        return errors;
    }

    /** An IANA_SVC_NAME (RFC 6335): what a named port must be. */
    static List<String> IsValidPortName(String port) {
        List<String> errors = new ArrayList<>();
        if (port.isEmpty() || port.length() > 15) {
            errors.add("must be no more than 15 characters");
        }
        if (!PORT_NAME_CHARS_RE.matcher(port).matches()) {
            errors.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!PORT_NAME_LETTER_RE.matcher(port).matches()) {
            errors.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errors.add("must not contain consecutive hyphens");
        }
        if (port.startsWith("-") || port.endsWith("-")) {
            errors.add("must not begin or end with a hyphen");
        }
        return errors;
    }

    static List<String> IsValidPortNum(int port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of("must be between 1 and 65535, inclusive");
    }

    static List<String> IsValidPercent(String percent) {
        return PERCENT_RE.matcher(percent).matches() ? List.of()
                : List.of("a valid percent string must be a numeric string followed by an ending '%'");
    }

    static List<String> IsEnvVarName(String value) {
        return check(value, Integer.MAX_VALUE, ENV_VAR_NAME_RE,
                "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit");
    }

    static List<String> IsConfigMapKey(String value) {
        return check(value, DNS1123_SUBDOMAIN_MAX_LENGTH, CONFIG_MAP_KEY_RE,
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
    }

    private static List<String> check(String value, int maxLength, Pattern pattern, String format) {
        List<String> errors = new ArrayList<>();
        if (value.length() > maxLength) {
            errors.add("must be no more than " + maxLength + " characters");
        }
        if (!pattern.matcher(value).matches()) {
            errors.add(format);
        }
        return errors;
    }
}
