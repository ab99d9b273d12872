/**
 * Sync.
 *   GET /_matrix/client/v3/sync
 *
 * Long-polls up to `timeout` ms (capped at 30 s, see services/sync). The
 * request's signal ends the wait when the client goes away or the server
 * shuts down.
 */
import { clientSync } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";
import { syncReads } from "../../services/audit/reads.js";

export const syncApi: ServiceArea = ({ services }) => [
  route(clientSync.sync, async (req) => {
    const response = await services.sync.sync(
      req.session,
      {
        since: req.query.since,
        filter: req.query.filter,
        timeout: req.query.timeout,
        fullState: req.query.full_state,
        useStateAfter: req.query.use_state_after,
        setPresence: req.query.set_presence,
      },
      req.signal,
    );
    // Audit: recorded before the response leaves; a failure to record fails the request.
    await services.audit.record(syncReads(req.query.since, response));
    return response;
  }),
];
