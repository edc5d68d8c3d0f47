package dev.xmppd.testbed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class using {@link XmppServers}: its servers present a certificate for this DNS name
 * instead of {@code localhost}, e.g. {@code @ServerCertificate("wrong.example")} for
 * certificate-mismatch tests. The XMPP domain stays {@code localhost}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ServerCertificate {

    String value();
}
