package dev.jaxrsoauth;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.List;

/**
 * Authenticates one request: reads its token, validates what it presents and installs a {@link TokenSecurityContext}; does
 * nothing more when this request is already authenticated. Logs every refusal (never the token) and records on it
 * the challenges this request gets ({@link OAuthException#responseHeaders()}).
 */
final class Authenticator {

    private static final System.Logger LOG = System.getLogger(AuthenticationFilter.class.getName());

    private final TokenValidator validator;
    private final BearerTokens tokens;
    private final URI publicUrl;
    private final String realm;
    private final ValidatorFacts facts;
    private final DpopBinding dpop;
    private final ProtectedResource resource;

    /**
     * @param publicUrl the URL clients call the application at, or {@code null} for the container's view
     * @param resource the protected resource metadata named in 401 challenges, or {@code null} when off
     */
    Authenticator(TokenValidator validator, BearerTokens tokens, URI publicUrl, String realm, ProtectedResource resource) {
        this.validator = validator;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.realm = realm;
        this.facts = ValidatorFacts.of(validator);
        this.dpop = facts.dpop();
        this.resource = resource;
    }

    TokenValidator validator() {
        return validator;
    }

    /** @return what the feature knows about the validator: DPoP, clock, issuers */
    ValidatorFacts facts() {
        return facts;
    }

    /** @return the application's DPoP settings, or {@code null} when its validator has none */
    DpopBinding dpop() {
        return dpop;
    }

    /**
     * @param resourcePolicy the resource's DPoP policy, or {@code APPLICATION}: the challenges offer what it accepts
     * @return the verified caller of this request, with the scheme its token came with
     */
    TokenSecurityContext authenticate(ContainerRequestContext request, DpopPolicy resourcePolicy) {
        if (request.getSecurityContext() instanceof TokenSecurityContext done) {
            return done;
        }
        AuthenticationListener listener = facts.listener();
        long start = listener == AuthenticationListener.NONE ? 0 : System.nanoTime();
        TokenRequest presented;
        try {
            presented = tokens.read(request, publicUrl);
        } catch (RuntimeException e) {
            // no token, or a malformed request: the validator never saw it, so the event is ours
            throw answer(reported(logged(e), start), request, resourcePolicy);
        }
        try {
            TokenPrincipal principal = validator.validate(presented);
            if (principal == null) {
                throw new IllegalStateException("validator returned null");
            }
            TokenSecurityContext caller = new TokenSecurityContext(principal, presented.scheme(), request.getSecurityContext());
            request.setSecurityContext(caller);
            // for code outside Jakarta REST that sees the request (a CDI producer, a servlet filter after ours)
            request.setProperty(TokenPrincipal.REQUEST_PROPERTY, principal);
            return caller;
        } catch (OAuthException e) {
            // the validator reported it
            throw answer(logged(e), request, resourcePolicy);
        } catch (RuntimeException e) {
            throw answer(reported(logged(e), start), request, resourcePolicy);
        }
    }

    private OAuthException reported(OAuthException refusal, long start) {
        AuthenticationListener listener = facts.listener();
        if (listener != AuthenticationListener.NONE) {
            listener.rejected(AuthenticationEvent.rejected(refusal, facts.issuers().size() == 1 ? facts.issuers().get(0) : null, start));
        }
        return refusal;
    }

    /** Reports a valid caller the resource's requirements refused (a rule that broke: a denial with status 500). */
    void denied(OAuthException refusal, TokenSecurityContext caller, String method) {
        AuthenticationListener listener = facts.listener();
        if (listener == AuthenticationListener.NONE) {
            return;
        }
        // a rule that threw is a 500 for a caller already reported accepted: a denial with that status, never a second outcome
        String issuer = caller.getUserPrincipal().issuer();
        listener.denied(new AuthenticationEvent.Denied(refusal.status(), refusal.errorCode(),
                facts.issuers().contains(issuer) ? issuer : null, method));
    }

    /**
     * Reports a 500 the feature answers before any token was looked at (a declaration that does not resolve, a
     * sub-resource locator {@code @Secured} does not reach).
     *
     * @return the refusal
     */
    OAuthException refused(OAuthException refusal) {
        return reported(refusal, System.nanoTime());
    }

    /** @return the refusal, with this request's challenges recorded for the mappers */
    OAuthException answer(OAuthException e, ContainerRequestContext request, DpopPolicy resourcePolicy) {
        return e.answer(challenges(e, request.getHeaders().get("Authorization"), request.getUriInfo().getBaseUri(), resourcePolicy));
    }

    /**
     * @param authorization the request's {@code Authorization} headers: a {@code DPoP} one makes a DPoP challenge
     * @param baseUri the application's base URI as the container sees it: where the metadata is, without a public URL
     * @return the challenges a refusal of this request gets
     */
    List<String> challenges(OAuthException e, List<String> authorization, URI baseUri, DpopPolicy resourcePolicy) {
        boolean usedDpop = authorization != null && authorization.size() == 1 && authorization.get(0).regionMatches(true, 0, "DPoP", 0, 4);
        String metadata = resource == null || e.status() != 401 ? null : resource.metadataUrl(baseUri);
        return Challenges.of(e, realm, dpop, resourcePolicy, usedDpop, metadata);
    }

    /** @return the exception to answer with, logged: a 500 at WARNING with its error id, the rest at DEBUG */
    static OAuthException logged(RuntimeException e) {
        if (e instanceof AuthorizationServerException server) {
            LOG.log(Level.WARNING, "500 server_error [error id " + server.errorId() + "]: " + server.detail(), server.getCause());
            return server;
        }
        if (e instanceof OAuthException refusal) {
            LOG.log(Level.DEBUG, () -> refusal.status() + " " + refusal.errorCode() + ": " + refusal.detail());
            return refusal;
        }
        // a validator that broke its contract (a custom one, or a bug): still fail closed, with the JSON 500
        AuthorizationServerException failure = new AuthorizationServerException("validator failed: " + e.getClass().getName(), e);
        LOG.log(Level.WARNING, "500 server_error [error id " + failure.errorId() + "]: " + failure.detail(), e);
        return failure;
    }
}
