package dev.jaxrsoauth;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What applies to every resource method besides its own annotations, gathered once at deployment: the
 * {@code Application} subclass's declarations (defaults for resources that declare none) and the rules registered on
 * the feature, by name ({@link RequireRule}) and by resource class, with the clock and skew step-up checks use.
 *
 * @param application the Application's {@code @Secured}, {@code @RequireClaim(s)}, {@code @RequireRule} and
 *                    {@code @StepUp}, by annotation type name
 * @param namedRules the rules {@link RequireRule} names
 * @param resourceRules rules for every method of a resource class (or its subclasses)
 * @param facts the validator's clock and skew
 */
record Declarations(Map<String, List<Annotation>> application, Map<String, Predicate<TokenPrincipal>> namedRules,
                    Map<Class<?>, Predicate<TokenPrincipal>> resourceRules, ValidatorFacts facts) {

    /** Nothing declared on the Application, no rules. */
    static final Declarations NONE = new Declarations(Map.of(), Map.of(), Map.of(), ValidatorFacts.UNKNOWN);

    /** @return the Application's {@code @Secured} only (tests of the inheritance rules) */
    static Declarations secured(Secured application) {
        return application == null ? NONE
                : new Declarations(Map.of(Secured.class.getName(), List.of(application)), Map.of(), Map.of(), ValidatorFacts.UNKNOWN);
    }

    /** @return the Application's annotations of one kind (keyed by the type's name; both claim types under {@code RequireClaim}) */
    List<Annotation> onApplication(String kind) {
        return application.getOrDefault(kind, List.of());
    }

    /** @return the Application's one annotation of a kind, or {@code null} */
    Annotation oneOnApplication(String kind) {
        List<Annotation> found = onApplication(kind);
        return found.isEmpty() ? null : found.get(0);
    }
}
