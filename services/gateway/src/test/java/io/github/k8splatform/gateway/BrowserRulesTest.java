package io.github.k8splatform.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page and its scripts come with the rules a browser enforces: this origin only, no framing, no sniffing. */
@QuarkusTest
class BrowserRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/live.js", "/workloads.js", "/api/gateway/info"})
    void everyAnswerCarriesTheContentSecurityPolicyAndNosniff(String path) {
        given().get(path).then().statusCode(200)
                .header("Content-Security-Policy", equalTo("default-src 'self'; frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
