package dev.xmppd.daemon.account;

import dev.xmppd.daemon.config.ReconnectSettings;
import dev.xmppd.daemon.config.StreamSettings;
import dev.xmppd.daemon.net.EventLoops;
import dev.xmppd.daemon.net.Transcript;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * What every account shares: the Netty event loops (one small group for all), the transcript hook (per
 * account JID; the XML console and tests), reconnect tuning and the clock.
 *
 * @param ownsLoops      true when {@link Accounts} must close the event loops when it stops
 * @param connectTimeout for TCP connect and each TLS handshake
 * @param stream         stream management, liveness and client state once online
 * @param logins         how many logins run at once ({@code reconnect.parallel-logins})
 */
public record AccountEnvironment(EventLoops loops, boolean ownsLoops, Function<String, Transcript> transcripts,
                                 ReconnectSettings reconnect, Duration connectTimeout, Clock clock,
                                 StreamSettings stream, LoginGate logins) {

    public AccountEnvironment(EventLoops loops, boolean ownsLoops, Function<String, Transcript> transcripts,
                              ReconnectSettings reconnect, Duration connectTimeout, Clock clock,
                              StreamSettings stream) {
        this(loops, ownsLoops, transcripts, reconnect, connectTimeout, clock, stream,
                new LoginGate(reconnect.parallelLogins()));
    }

    /** With the default stream settings. */
    public AccountEnvironment(EventLoops loops, boolean ownsLoops, Function<String, Transcript> transcripts,
                              ReconnectSettings reconnect, Duration connectTimeout, Clock clock) {
        this(loops, ownsLoops, transcripts, reconnect, connectTimeout, clock, StreamSettings.DEFAULTS);
    }

    public AccountEnvironment withStream(StreamSettings settings) {
        return new AccountEnvironment(loops, ownsLoops, transcripts, reconnect, connectTimeout, clock, settings, logins);
    }

    public static AccountEnvironment standalone(ReconnectSettings reconnect) {
        return new AccountEnvironment(EventLoops.create(), true, jid -> Transcript.NONE, reconnect,
                Duration.ofSeconds(20), Clock.systemUTC());
    }

    public Transcript transcript(String jid) {
        return transcripts.apply(jid);
    }

    /** The same environment with every account's transcript also going to {@code extra} (the XML console). */
    public AccountEnvironment alsoTranscribingTo(Function<String, Transcript> extra) {
        return new AccountEnvironment(loops, ownsLoops, jid -> {
            Transcript first = transcripts.apply(jid);
            Transcript second = extra.apply(jid);
            return new Transcript() {
                @Override
                public void record(Entry entry) {
                    first.record(entry);
                    second.record(entry);
                }

                @Override
                public boolean active() {
                    return first.active() || second.active();
                }
            };
        }, reconnect, connectTimeout, clock, stream, logins);
    }
}
