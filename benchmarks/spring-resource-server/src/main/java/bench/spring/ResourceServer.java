package bench.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * The example's two endpoints as a Spring Boot resource server would write them: {@code /api/data} needs the
 * {@code read} scope, {@code /api/public} is open. Issuer and audience come from the command line
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code .audiences}).
 */
@SpringBootApplication
@RestController
public class ResourceServer {

    public static void main(String[] args) {
        SpringApplication.run(ResourceServer.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/public").permitAll()
                        .requestMatchers("/api/data").hasAuthority("SCOPE_read")
                        .anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .build();
    }

    /**
     * Discovery from the issuer, as {@code issuer-uri} does, but for RFC 9068 access tokens ({@code typ: at+jwt}):
     * Spring Security 7's default accepts only {@code typ: JWT}. Validators for what jaxrs-oauth checks: typ (JWT or
     * at+jwt), time, issuer, audience.
     */
    @Bean
    JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
                          @Value("${spring.security.oauth2.resourceserver.jwt.audiences}") String audience) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).validateType(false).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTypeValidator("JWT", "at+jwt"), new JwtTimestampValidator(),
                new JwtIssuerValidator(issuer), new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience))));
        return decoder;
    }

    @GetMapping("/api/data")
    Map<String, String> data(@AuthenticationPrincipal Jwt jwt) {
        return Map.of("message", "Data for user role '" + jwt.getClaimAsString("role") + "' and scope '" + jwt.getClaimAsString("scope") + "'");
    }

    @GetMapping("/api/public")
    Map<String, String> open() {
        return Map.of("message", "Public data");
    }
}
