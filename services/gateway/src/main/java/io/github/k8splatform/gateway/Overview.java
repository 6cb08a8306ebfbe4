package io.github.k8splatform.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;

/** GET /api/overview: one section per upstream, each saying whether it answered. */
public record Overview(Section catalog, Section orders, Section report) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Section(String status, Object value, String error) {

        static Section up(Object value) {
            return new Section("up", value, null);
        }

        static Section empty(String why) {
            return new Section("empty", null, why);
        }

        static Section down(String why) {
            return new Section("down", null, why);
        }
    }
}
