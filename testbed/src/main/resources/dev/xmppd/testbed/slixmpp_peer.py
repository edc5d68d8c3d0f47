"""An independent XMPP peer for xmppd's tests, driven by SlixmppPeer.java.

One process is one logged-in account (one resource). Protocol over stdio, one JSON object per line:
  stdout events:  {"event": "ready", "jid": FULL}          after session start (roster not fetched)
                  {"event": "failed", "reason": TEXT}       login or connection failed; the process exits
                  {"event": "message", ...}                 each received chat/normal/groupchat message
                  {"event": "disconnected"}
  stdin commands: {"id": N, "cmd": NAME, ...args}
  stdout replies: {"reply": N, "ok": true, ...} or {"reply": N, "ok": false, "error": TEXT}
A burst of sends is acknowledged only after a XEP-0199 ping to the server was answered: a c2s stream
is processed in order, so everything sent before the ping has been routed (and archived) by then.
"""
import argparse
import asyncio
import json
import logging
import ssl
import sys
import threading

from slixmpp import ClientXMPP, JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET as SET

NS_CARBONS = 'urn:xmpp:carbons:2'
NS_FORWARD = 'urn:xmpp:forward:0'
NS_SID = 'urn:xmpp:sid:0'
NS_MAM = 'urn:xmpp:mam:2'
NS_DELAY = 'urn:xmpp:delay'

out_lock = threading.Lock()


def emit(obj):
    with out_lock:
        sys.stdout.write(json.dumps(obj) + '\n')
        sys.stdout.flush()


def describe(xml, own_bare=None):
    """A message element as a flat dict; stanzaId is the one assigned by own_bare (or the first)."""
    body = xml.find('{jabber:client}body')
    stanza_ids = [(e.get('by'), e.get('id')) for e in xml.findall('{%s}stanza-id' % NS_SID)]
    stanza_id = next((i for by, i in stanza_ids if own_bare and by == own_bare), None)
    if stanza_id is None and stanza_ids:
        stanza_id = stanza_ids[0][1]
    return {
        'id': xml.get('id'),
        'from': xml.get('from'),
        'to': xml.get('to'),
        'type': xml.get('type') or 'normal',
        'body': body.text if body is not None else None,
        'stanzaId': stanza_id,
        'stanzaIds': {by or '': i for by, i in stanza_ids},
    }


class Peer(ClientXMPP):
    def __init__(self, args):
        ClientXMPP.__init__(self, args.jid, args.password)
        self.args = args
        self.ready = False
        for plugin in ('xep_0030', 'xep_0059', 'xep_0199', 'xep_0280', 'xep_0313', 'xep_0191', 'xep_0045'):
            self.register_plugin(plugin)
        if args.ca_file:
            self.ca_certs = args.ca_file
        # Connecting to an IP address leaves default_domain empty, and asyncio skips the hostname
        # check for server_hostname=''. Verify against the XMPP domain instead (RFC 6125).
        self.default_domain = self.boundjid.domain
        self.add_event_handler('session_start', self.on_session_start)
        self.add_event_handler('failed_auth', lambda _: self.fail('authentication failed'))
        self.add_event_handler('connection_failed', lambda e: self.fail('connection failed: %s' % e))
        self.add_event_handler('disconnected', self.on_disconnected)
        self.add_event_handler('message', self.on_message)
        self.add_event_handler('groupchat_message', self.on_message)

    async def _pick_dns_answer(self, domain, port=None):
        # The address is given explicitly: no A/AAAA lookup of the domain (localhost may be ::1).
        return None

    def get_ssl_context(self):
        context = ClientXMPP.get_ssl_context(self)
        if self.args.no_verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def fail(self, reason):
        if not self.ready:
            emit({'event': 'failed', 'reason': reason})
            self.loop.call_soon(self.loop.stop)

    async def on_session_start(self, _):
        if self.args.presence:
            self.send_presence()
        self.ready = True
        emit({'event': 'ready', 'jid': str(self.boundjid)})

    def on_disconnected(self, reason):
        if self.ready:
            emit({'event': 'disconnected', 'reason': str(reason)})
            self.loop.call_soon(self.loop.stop)
        else:
            self.fail('disconnected before session start: %s' % reason)

    def on_message(self, msg):
        xml = msg.xml
        if xml.find('{%s}result' % NS_MAM) is not None:
            return
        own = self.boundjid.bare
        for kind in ('received', 'sent'):
            carbon = xml.find('{%s}%s' % (NS_CARBONS, kind))
            if carbon is not None:
                inner = carbon.find('{%s}forwarded/{jabber:client}message' % NS_FORWARD)
                if inner is not None:
                    event = describe(inner, own)
                    event.update({'event': 'message', 'carbon': kind})
                    emit(event)
                return
        if msg['type'] == 'groupchat' and msg.xml.find('{jabber:client}body') is None:
            return
        event = describe(xml, own)
        event['event'] = 'message'
        emit(event)

    # --- commands -------------------------------------------------------------------------------

    async def cmd_send(self, c):
        count = int(c.get('count', 1))
        prefix = c.get('idPrefix', 'msg')
        mtype = c.get('type', 'chat')
        for i in range(count):
            body = c['body'] if count == 1 else '%s %d' % (c['body'], i)
            msg = self.make_message(mto=c['to'], mbody=body, mtype=mtype)
            msg['id'] = prefix if count == 1 else '%s-%d' % (prefix, i)
            msg.send()
        await self.plugin['xep_0199'].send_ping(JID(self.boundjid.host), timeout=c.get('timeout', 60))
        return {'sent': count}

    async def cmd_ping(self, c):
        await self.plugin['xep_0199'].send_ping(JID(c.get('to') or self.boundjid.host), timeout=30)
        return {}

    async def cmd_mam(self, c):
        messages = []
        kwargs = {'rsm': {'max': str(c.get('max', 100))}}
        if c.get('with'):
            kwargs['with_jid'] = JID(c['with'])
        if c.get('archive'):
            kwargs['jid'] = JID(c['archive'])
        async for result in self.plugin['xep_0313'].iterate(**kwargs):
            res = result.xml.find('{%s}result' % NS_MAM)
            inner = res.find('{%s}forwarded/{jabber:client}message' % NS_FORWARD)
            delay = res.find('{%s}forwarded/{%s}delay' % (NS_FORWARD, NS_DELAY))
            item = describe(inner)
            item['stanzaId'] = res.get('id')
            item['timestamp'] = delay.get('stamp') if delay is not None else None
            messages.append(item)
        return {'messages': messages}

    async def cmd_roster_get(self, c):
        iq = self.Iq(stype='get')
        iq.enable('roster')
        result = await iq.send(timeout=30)
        items = []
        for jid, item in result['roster']['items'].items():
            items.append({'jid': str(jid), 'name': item['name'], 'subscription': item['subscription'],
                          'groups': list(item['groups'])})
        return {'items': items, 'ver': result['roster']['ver']}

    async def cmd_roster_add(self, c):
        iq = self.Iq(stype='set')
        iq['roster']['items'] = {c['jid']: {'name': c.get('name', ''), 'subscription': 'none',
                                            'groups': c.get('groups', [])}}
        await iq.send(timeout=30)
        return {}

    async def cmd_roster_remove(self, c):
        iq = self.Iq(stype='set')
        iq['roster']['items'] = {c['jid']: {'subscription': 'remove'}}
        await iq.send(timeout=30)
        return {}

    async def cmd_block(self, c):
        await self.plugin['xep_0191'].block([c['jid']], timeout=30)
        return {}

    async def cmd_unblock(self, c):
        await self.plugin['xep_0191'].unblock([c['jid']], timeout=30)
        return {}

    async def cmd_blocklist(self, c):
        result = await self.plugin['xep_0191'].get_blocked(timeout=30)
        return {'items': sorted(str(j) for j in result['blocklist']['items'])}

    async def cmd_presence(self, c):
        self.send_presence(pto=c.get('to'), pshow=c.get('show'), pstatus=c.get('status'),
                           ptype=c.get('type'))
        await self.plugin['xep_0199'].send_ping(JID(self.boundjid.host), timeout=30)
        return {}

    async def cmd_carbons(self, c):
        if c.get('enable', True):
            await self.plugin['xep_0280'].enable(timeout=30)
        else:
            await self.plugin['xep_0280'].disable(timeout=30)
        return {}

    async def cmd_join(self, c):
        self.plugin['xep_0045'].join_muc(JID(c['room']), c['nick'])
        await self.plugin['xep_0199'].send_ping(JID(self.boundjid.host), timeout=30)
        return {}

    async def cmd_raw(self, c):
        """Sends raw XML; with "iq": true waits for the answer to an iq and returns it as XML text."""
        element = SET.fromstring(c['xml'])
        if c.get('iq'):
            iq = self.Iq(xml=element)
            result = await iq.send(timeout=30)
            return {'xml': str(result)}
        self.send_raw(c['xml'])
        await self.plugin['xep_0199'].send_ping(JID(self.boundjid.host), timeout=30)
        return {}

    async def cmd_quit(self, c):
        self.disconnect()
        return {}

    async def dispatch(self, command):
        handler = getattr(self, 'cmd_' + command.get('cmd', ''), None)
        reply = {'reply': command.get('id')}
        if handler is None:
            reply.update({'ok': False, 'error': 'unknown command %r' % command.get('cmd')})
        else:
            try:
                reply.update(await handler(command))
                reply['ok'] = True
            except IqError as e:
                reply.update({'ok': False, 'error': 'iq error: %s' % e.iq['error']['condition']})
            except IqTimeout:
                reply.update({'ok': False, 'error': 'iq timeout'})
            except Exception as e:  # reported to the Java side, which fails the test
                reply.update({'ok': False, 'error': '%s: %s' % (type(e).__name__, e)})
        emit(reply)


def read_commands(peer):
    for line in sys.stdin:
        line = line.strip()
        if line:
            command = json.loads(line)
            asyncio.run_coroutine_threadsafe(peer.dispatch(command), peer.loop)
    peer.loop.call_soon_threadsafe(peer.disconnect)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--jid', required=True)
    parser.add_argument('--password', required=True)
    parser.add_argument('--host', required=True)
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--direct-tls', action='store_true')
    parser.add_argument('--ca-file')
    parser.add_argument('--no-verify', action='store_true')
    parser.add_argument('--presence', action='store_true')
    parser.add_argument('--debug', action='store_true')
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, stream=sys.stderr,
                        format='%(asctime)s %(levelname)s %(name)s %(message)s')
    peer = Peer(args)
    peer.connect((args.host, args.port), use_ssl=args.direct_tls, force_starttls=not args.direct_tls)
    threading.Thread(target=read_commands, args=(peer,), daemon=True).start()
    peer.loop.run_forever()


if __name__ == '__main__':
    main()
