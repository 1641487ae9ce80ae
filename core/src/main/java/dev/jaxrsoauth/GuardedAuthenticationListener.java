package dev.jaxrsoauth;

/** Shields authentication from a user's listener: anything it throws (but a VM error) is logged, never propagated. */
final class GuardedAuthenticationListener implements AuthenticationListener {

    private static final System.Logger LOG = System.getLogger(AuthenticationListener.class.getName());

    private final AuthenticationListener delegate;

    GuardedAuthenticationListener(AuthenticationListener delegate) {
        this.delegate = delegate;
    }

    private static void guard(Runnable call) {
        GuardedKeySourceListener.guard(LOG, "AuthenticationListener threw", call);
    }

    @Override
    public void accepted(AuthenticationEvent.Accepted event) {
        guard(() -> delegate.accepted(event));
    }

    @Override
    public void rejected(AuthenticationEvent.Rejected event) {
        guard(() -> delegate.rejected(event));
    }

    @Override
    public void denied(AuthenticationEvent.Denied event) {
        guard(() -> delegate.denied(event));
    }

    @Override
    public void introspected(AuthenticationEvent.Introspected event) {
        guard(() -> delegate.introspected(event));
    }
}
