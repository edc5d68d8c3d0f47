-- Loaded by dev.xmppd.testbed.ProsodyServer: logs at info level what tests need to see and Prosody logs
-- only at debug level. XEP-0198 resumptions (mod_smacks fires these events on the host):
--   "Resumed stream management session <token> of alice@localhost/res (resumption 2)"
module:hook("smacks-hibernation-end", function(event)
	local session = event.resumed or event.origin;
	module:log("info", "Resumed stream management session %s of %s (resumption %s)",
		tostring(session.resumption_token), tostring(session.full_jid), tostring(session.resumption_counter));
end);
module:hook("smacks-hibernation-start", function(event)
	module:log("info", "Stream management session of %s is waiting for resumption", tostring(event.origin.full_jid));
end);
-- XEP-0352 client state changes: "Client state of alice@localhost/res is now inactive".
module:hook("csi-client-inactive", function(event)
	module:log("info", "Client state of %s is now inactive", tostring(event.origin.full_jid));
end);
module:hook("csi-client-active", function(event)
	module:log("info", "Client state of %s is now active", tostring(event.origin.full_jid));
end);
