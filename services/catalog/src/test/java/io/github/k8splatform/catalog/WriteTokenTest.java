package io.github.k8splatform.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads are open; POST, PUT and DELETE need the write token: none is 401, a wrong one 403, and neither writes. */
@QuarkusTest
@QuarkusTestResource(WriteToken.class)
class WriteTokenTest {

    private static final String NEW = ProductResourceTest.product("NEW-1", 100);

    @BeforeEach
    void seed() throws Exception {
        TestDatabase.migrate("catalog");
        TestDatabase.execute("TRUNCATE catalog.products");
        ProductResourceTest.create("KEEP-1", 700);
    }

    private static void refused(UnaryOperator<RequestSpecification> credential, int status) throws Exception {
        String before = TestDatabase.fingerprint("catalog.products");
        credential.apply(given().contentType(ContentType.JSON).body(NEW)).post("/api/catalog/products").then()
                .statusCode(status).contentType("application/problem+json").body("field", equalTo("Authorization"));
        credential.apply(given().contentType(ContentType.JSON).body(ProductResourceTest.product("KEEP-1", 1)))
                .put("/api/catalog/products/KEEP-1").then().statusCode(status).body("status", equalTo(status));
        credential.apply(given()).delete("/api/catalog/products/KEEP-1").then().statusCode(status)
                .body("field", equalTo("Authorization"));
        assertEquals(before, TestDatabase.fingerprint("catalog.products"), "a refused write changed the catalog");
    }

    @Test
    void withoutATokenAWriteIs401WithABearerChallenge() throws Exception {
        refused(request -> request, 401);
        given().contentType(ContentType.JSON).body(NEW).post("/api/catalog/products").then()
                .statusCode(401).header("WWW-Authenticate", "Bearer realm=\"catalog-write\"");
    }

    @Test
    void theWritersRoleIsTheTokensName() {
        assertEquals(WriteTokenMechanism.WRITER, new WriteTokenMechanism(Optional.empty()).token().realm());
    }

    @Test
    void withAWrongTokenAWriteIs403() throws Exception {
        refused(request -> request.header("Authorization", "Bearer " + WriteToken.VALUE + "x"), 403);
        refused(request -> request.header("Authorization", "Basic " + WriteToken.VALUE), 401);
    }

    @Test
    void withTheTokenTheWritesHappenAndReadsNeedNone() {
        ProductResourceTest.writer().contentType(ContentType.JSON).body(NEW).post("/api/catalog/products").then().statusCode(201);
        ProductResourceTest.writer().delete("/api/catalog/products/KEEP-1").then().statusCode(204);
        given().get("/api/catalog/products/NEW-1").then().statusCode(200).body("priceCents", equalTo(100));
        given().get("/api/catalog/products").then().statusCode(200).body("items.size()", equalTo(1));
    }
}
