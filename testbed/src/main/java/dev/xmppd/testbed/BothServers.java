package dev.xmppd.testbed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once against Prosody and once against ejabberd; the method (and its
 * {@code @BeforeEach}/{@code @AfterEach}) takes an {@link XmppServer} parameter. See
 * {@link XmppServers} for the lifecycle.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(XmppServers.class)
public @interface BothServers {
}
