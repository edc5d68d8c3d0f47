"""Times slixmpp 1.8 logins through xmppd's recap, one after the other in one process (driven by Logins.java).

Each login: connect, STARTTLS, SASL, bind, stream management (xep_0198), roster, disco#info of the server,
carbons enable, initial presence; timed from connect() until the presence is sent, then disconnected.
Prints one JSON line: {"millis": [...]} for the measured logins (after the warm-up ones).
usage: slixmpp_logins.py HOST PORT CA_FILE PASSWORD_FILE WARMUP JID...
"""
import asyncio
import json
import logging
import sys
import time

from slixmpp import ClientXMPP


class Login(ClientXMPP):
    def __init__(self, jid, password, ca_file):
        ClientXMPP.__init__(self, jid, password)
        for plugin in ('xep_0030', 'xep_0198', 'xep_0280'):
            self.register_plugin(plugin)
        self.ca_certs = ca_file
        # Connecting to an address leaves default_domain empty: verify the certificate against the XMPP domain.
        self.default_domain = self.boundjid.domain
        self.done = asyncio.get_event_loop().create_future()
        self.gone = asyncio.get_event_loop().create_future()
        self.add_event_handler('session_start', self.recap)
        self.add_event_handler('failed_auth', lambda _: self.fail('authentication failed'))
        self.add_event_handler('connection_failed', lambda e: self.fail('connection failed: %s' % e))
        self.add_event_handler('disconnected', self.on_disconnected)

    async def _pick_dns_answer(self, domain, port=None):
        return None

    def fail(self, reason):
        if not self.done.done():
            self.done.set_exception(RuntimeError(reason))

    def on_disconnected(self, _):
        if not self.gone.done():
            self.gone.set_result(True)
        self.fail('disconnected during login')

    async def recap(self, _):
        try:
            await self.get_roster()
            await self['xep_0030'].get_info(jid=self.boundjid.host)
            await self['xep_0280'].enable()
            self.send_presence()
            self.done.set_result(time.perf_counter())
        except Exception as e:  # noqa: BLE001 - reported to the caller as the login's failure
            self.fail('recap failed: %r' % e)


async def login(host, port, ca_file, jid, password):
    client = Login(jid, password, ca_file)
    start = time.perf_counter()
    client.connect((host, port), use_ssl=False, force_starttls=True)
    end = await asyncio.wait_for(client.done, 60)
    client.disconnect()
    await asyncio.wait_for(client.gone, 30)
    return (end - start) * 1000


async def main():
    host, port, ca_file, password_file, warmup = sys.argv[1:6]
    jids = sys.argv[6:]
    with open(password_file) as f:
        password = f.readline().strip()
    millis = []
    for i, jid in enumerate(jids):
        elapsed = await login(host, int(port), ca_file, jid, password)
        if i >= int(warmup):
            millis.append(elapsed)
    print(json.dumps({'millis': millis}), flush=True)


if __name__ == '__main__':
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    asyncio.get_event_loop().run_until_complete(main())
