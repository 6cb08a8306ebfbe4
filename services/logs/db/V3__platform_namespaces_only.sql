-- The log agents now ship the platform's own namespaces only (agent.namespaces); lines an earlier
-- agent stored from any other (the control plane's, other tenants') go, so an install upgraded in
-- place holds what a new one would. LogAgentScopeTest keeps this list equal to the platform's Namespaces.
DELETE FROM logs.log_lines WHERE namespace NOT IN ('platform', 'platform-logging');
