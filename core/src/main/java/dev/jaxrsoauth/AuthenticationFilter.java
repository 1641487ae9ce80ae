package dev.jaxrsoauth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/**
 * Authenticates requests to {@link Secured} resources at {@link Priorities#AUTHENTICATION}, name-bound by
 * {@link Secured} (so the runtime's global binding through the {@code Application} applies too). Fails closed when
 * the name binding found {@code @Secured} where the library's own rules find no declaration for the matched method.
 */
@Secured
final class AuthenticationFilter implements ContainerRequestFilter {

    private final Authenticator authenticator;
    private final AuthorizationFeature authorization;

    @Context
    private ResourceInfo resource;

    AuthenticationFilter(Authenticator authenticator, AuthorizationFeature authorization) {
        this.authenticator = authenticator;
        this.authorization = authorization;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // looked up once per request (the runtime's ResourceInfo is a proxy)
        Requirement requirement = resource == null ? null : authorization.requirement(resource);
        if (resource != null && requirement == null && authorization.isGenerated(resource)) {
            // the runtime's own handler (Jersey's automatic OPTIONS, reached by the Application's global binding)
            return;
        }
        if (requirement == null) {
            String method = resource == null || resource.getResourceMethod() == null ? "an unknown resource method"
                    : ResourceAnnotations.name(resource.getResourceMethod());
            throw authenticator.refused(Authenticator.logged(new AuthorizationServerException("@Secured applies to " + method
                    + " by name binding, but no declaration resolves for it: refused", null)));
        }
        authenticator.authenticate(request, requirement.dpop());
    }
}
