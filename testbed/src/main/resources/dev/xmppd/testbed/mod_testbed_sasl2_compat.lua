-- Testbed only: what mod_sasl2 and mod_sasl2_fast (prosody-modules 2023) need from Prosody trunk but
-- Prosody 0.12.3 lacks.
-- 1. net.server_epoll connections without ssl_info/ssl_peerfinished/ssl_exportkeyingmaterial: every stream
--    with TLS fails at "mod_sasl2.lua:61: attempt to call a nil value (method 'ssl_info')". Each method
--    forwards to the LuaSec 1.2 socket, as trunk's server_epoll does.
-- 2. The stream-features event without the client's stream header ("stream"): mod_sasl2_fast fails at
--    "mod_sasl2_fast.lua:100: attempt to index a nil value (field 'stream')". The header's 'from' is
--    remembered from the stream restart (util.xmppstream calls session:stream_attrs with it), so FAST is
--    offered from the second stream of a connection on (after STARTTLS), not on a direct-TLS first stream.
-- 3. util.datetime.datetime with a fractional time: the token expiry fails at "util/datetime.lua:25: bad
--    argument #2 to 'os_date' (number has no integer representation)"; whole seconds are passed on.
-- 4. util.stanza without get_child_attr: a FAST login fails at "mod_sasl2_fast.lua:124: attempt to call a
--    nil value (method 'get_child_attr')"; added as in trunk.
-- 5. mod_saslauth (0.12) replaces the session's SASL handler after mod_sasl2 set it up, and knows channel
--    binding only as tls-unique (TLS 1.2): over TLS 1.3 a FAST login with HT-SHA-256-EXPR then fails at
--    "mod_sasl2_fast.lua:188: attempt to index a nil value (field 'cb')". tls-exporter is added to the
--    handler that is left, as trunk's mod_saslauth does.
-- mod_sasl2_sm is not loaded: it calls mod_smacks.do_enable/do_resume, which 0.12 does not export
-- ("mod_sasl2_sm.lua:66: attempt to call a nil value (field 'do_enable')").

local stanza_mt = require "util.stanza".stanza_mt;
if not stanza_mt.get_child_attr then
	function stanza_mt:get_child_attr(name, xmlns, attr)
		local child = self:get_child(name, xmlns);
		if child then
			return child.attr[attr];
		end
	end
end

local datetime = require "util.datetime";
local datetime_of = datetime.datetime;
datetime.datetime = function (t)
	return datetime_of(t and math.floor(t));
end

local function patch(conn)
	local mt = getmetatable(conn);
	local methods = mt and mt.__index;
	if type(methods) ~= "table" or methods.ssl_info then
		return;
	end
	function methods:ssl_info()
		local sock = self.conn;
		if not sock or not sock.info then return nil, "not-implemented"; end
		return sock:info();
	end
	function methods:ssl_peerfinished()
		local sock = self.conn;
		if not sock or not sock.getpeerfinished then return nil, "not-implemented"; end
		return sock:getpeerfinished();
	end
	function methods:ssl_exportkeyingmaterial(label, len, context)
		local sock = self.conn;
		if sock and sock.exportkeyingmaterial then
			return sock:exportkeyingmaterial(label, len, context);
		end
	end
	module:log("info", "Added ssl_info, ssl_peerfinished and ssl_exportkeyingmaterial to net.server connections");
end

-- Before mod_sasl2's own stream-features handler (priority 1).
module:hook("stream-features", function (event)
	local session = event.origin;
	if session.conn then
		patch(session.conn);
	end
	if not session.stream_attrs then
		function session:stream_attrs(_, client_from)
			self.testbed_stream_from = client_from;
		end
	end
	if not event.stream then
		event.stream = { from = session.testbed_stream_from };
	end
end, 100);

-- After mod_saslauth's stream-features handler (priority 0).
module:hook("stream-features", function (event)
	local session = event.origin;
	local handler = session.sasl_handler;
	if not (handler and handler.add_cb_handler and session.conn and session.conn.ssl_exportkeyingmaterial) then
		return;
	end
	local info = session.conn:ssl_info();
	if not (info and info.protocol == "TLSv1.3") or (handler.profile.cb and handler.profile.cb["tls-exporter"]) then
		return;
	end
	handler:add_cb_handler("tls-exporter", function (self)
		return self.userdata["tls-exporter"]:ssl_exportkeyingmaterial("EXPORTER-Channel-Binding", 32, "");
	end);
	handler.userdata = handler.userdata or {};
	handler.userdata["tls-exporter"] = session.conn;
end, -100);
