package io.github.k8splatform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A shared secret a caller presents as {@code Authorization: Bearer <token>}: one check for every
 * door of the platform that takes one (catalog's writes, the log collector's ingest port and its
 * read API). The token comes from a Secret make up creates per install, and one scheme names it
 * everywhere from its service and purpose: the Secret {@code <service>-<purpose>-token}, the
 * environment variable {@code <SERVICE>_<PURPOSE>_TOKEN} that carries it into the pod, and the
 * setting {@code app.<purpose>-token} that reads it (TokenNamesTest holds the manifests and
 * every application.properties to it). Compared in constant time,
 * so its bytes cannot be guessed from response times; with no token configured nobody gets in
 * (fail closed); a configured token shorter than {@link #MIN_LENGTH} characters is refused at
 * start-up, since it could be guessed.
 */
public final class BearerToken {

    public static final String HEADER = "Authorization";
    /** 32 characters: what make up's 24 random bytes in hex (48 characters) always exceed. */
    public static final int MIN_LENGTH = 32;
    private static final String SCHEME = "Bearer ";

    /** What a request carried. */
    public enum Verdict {
        /** no Authorization header, or one of another scheme */
        MISSING,
        /** a bearer token, not this one */
        WRONG,
        VALID
    }

    private final String realm;
    private final String setting;
    private final Optional<byte[]> token;

    /**
     * service and purpose name the token (e.g. "logs" and "read": the Secret logs-read-token, read
     * as app.read-token); configured is that setting's value.
     */
    public BearerToken(String service, String purpose, Optional<String> configured) {
        this.realm = service + "-" + purpose;
        this.setting = setting(purpose);
        this.token = configured.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        token.ifPresent(t -> {
            if (t.length < MIN_LENGTH) {
                throw new IllegalStateException(setting + " is " + t.length + " characters long; a token needs at least "
                        + MIN_LENGTH + " (make up makes 48 random hex characters)");
            }
        });
    }

    /** The setting that holds the token for purpose: app.<purpose>-token. */
    private static String setting(String purpose) {
        return "app." + purpose + "-token";
    }

    /** The door's name, <service>-<purpose>: in WWW-Authenticate, in messages, and as a role. */
    public String realm() {
        return realm;
    }

    /** The Secret that holds the token in the cluster: <service>-<purpose>-token. */
    public String secret() {
        return realm + "-token";
    }

    public Verdict verdict(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Verdict.MISSING;
        }
        byte[] presented = authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
        return token.isPresent() && MessageDigest.isEqual(token.get(), presented) ? Verdict.VALID : Verdict.WRONG;
    }

    /** The value of WWW-Authenticate on a 401. */
    public String challenge() {
        return "Bearer realm=\"" + realm + "\"";
    }

    /**
     * The answer to a request that did not carry the token: 401 when it carried none (with the
     * challenge), 403 when it carried another; both name the Authorization header.
     */
    public ProblemException refusal(Verdict verdict) {
        if (verdict == Verdict.MISSING) {
            return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized",
                    "this needs Authorization: Bearer <the " + realm + " token>").withField(HEADER))
                    .withHeader("WWW-Authenticate", challenge());
        }
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                "the Authorization header does not carry the " + realm + " token (" + setting + ", the Secret " + secret() + ")").withField(HEADER));
    }

    /** Passes when the request carried the token; throws its {@link #refusal} otherwise. */
    public void require(String authorization) {
        Verdict verdict = verdict(authorization);
        if (verdict != Verdict.VALID) {
            throw refusal(verdict);
        }
    }
}
