package dev.xmppd.daemon.net;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds where an XMPP domain's clients connect: SRV {@code _xmpp-client._tcp} (RFC 6120 §3.2.1) and
 * {@code _xmpps-client._tcp} (XEP-0368), merged and ordered by priority, then weight (RFC 2782); without
 * records, the domain itself on 5222 (RFC 6120 §3.2.2). A "." target means the service is decidedly not
 * offered. Lookups never fail: a DNS error just means "no records".
 */
public final class ServerLocator {

    private final EventLoops loops;

    public ServerLocator(EventLoops loops) {
        this.loops = loops;
    }

    public CompletionStage<List<ServerEndpoint>> locate(String domain) {
        CompletableFuture<List<SrvRecord>> starttls = lookup("_xmpp-client._tcp." + domain, false);
        CompletableFuture<List<SrvRecord>> direct = lookup("_xmpps-client._tcp." + domain, true);
        return starttls.thenCombine(direct, (a, b) -> {
            List<SrvRecord> all = new ArrayList<>(a);
            all.addAll(b);
            return order(domain, all);
        });
    }

    static List<ServerEndpoint> order(String domain, List<SrvRecord> records) {
        if (records.isEmpty()) {
            return List.of(new ServerEndpoint(domain, ServerEndpoint.DEFAULT_PORT, false));
        }
        // Lowest priority first; within a priority the heavier record first (RFC 2782 weights, deterministic).
        List<SrvRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(SrvRecord::priority).thenComparing(r -> -r.weight()));
        List<ServerEndpoint> endpoints = new ArrayList<>();
        for (SrvRecord r : sorted) {
            if (!r.target().equals(".") && !r.target().isEmpty()) {
                endpoints.add(new ServerEndpoint(r.target(), r.port(), r.directTls()));
            }
        }
        return List.copyOf(endpoints);
    }

    private CompletableFuture<List<SrvRecord>> lookup(String name, boolean directTls) {
        DefaultDnsQuestion question;
        try {
            question = new DefaultDnsQuestion(name, DnsRecordType.SRV);
        } catch (IllegalArgumentException e) {
            // A JID domain DNS cannot carry (say a label over 63 octets) has no records; the fallback reports it.
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<SrvRecord>> result = new CompletableFuture<>();
        loops.srvResolver().resolveAll(question).addListener(f -> {
            List<SrvRecord> records = new ArrayList<>();
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<DnsRecord> answers = (List<DnsRecord>) f.getNow();
                for (DnsRecord answer : answers) {
                    if (answer instanceof DnsRawRecord raw && answer.type() == DnsRecordType.SRV) {
                        records.add(parse(raw.content().duplicate(), directTls));
                    }
                    io.netty.util.ReferenceCountUtil.release(answer);
                }
            }
            result.complete(records);
        });
        return result;
    }

    private static SrvRecord parse(ByteBuf data, boolean directTls) {
        int priority = data.readUnsignedShort();
        int weight = data.readUnsignedShort();
        int port = data.readUnsignedShort();
        String target = DefaultDnsRecordDecoder.decodeName(data);
        if (target.endsWith(".") && target.length() > 1) {
            target = target.substring(0, target.length() - 1);
        }
        return new SrvRecord(priority, weight, port, target, directTls);
    }

    record SrvRecord(int priority, int weight, int port, String target, boolean directTls) {
    }
}
