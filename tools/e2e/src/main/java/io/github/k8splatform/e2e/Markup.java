package io.github.k8splatform.e2e;

/** Text made safe for HTML and SVG, in element content and in quoted attributes. */
final class Markup {

    private Markup() {
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
