// Clients written by others discover what one of our example APIs needs:
//   node metadata-client.mjs <resource identifier> <token without a multi-factor login>
// Prints one JSON line: what the MCP TypeScript SDK found from a 401 (resource_metadata, the metadata, the resource it
// selects), what oauth4webapi found by RFC 9728 discovery from the resource identifier, and how oauth4webapi parsed
// the step-up challenge (RFC 9470) of /api/payments.
import * as oauth from 'oauth4webapi';
import { discoverOAuthProtectedResourceMetadata, extractWWWAuthenticateParams, selectResourceURL }
  from '@modelcontextprotocol/sdk/client/auth.js';

const [resource, token] = process.argv.slice(2);
const api = resource.replace(/\/$/, '');
const result = {};

// the MCP client's way: a request without a token, then the metadata its challenge names
const unauthorized = await fetch(api + '/api/data');
const challenge = extractWWWAuthenticateParams(unauthorized);
const metadata = await discoverOAuthProtectedResourceMetadata(api, { resourceMetadataUrl: challenge.resourceMetadataUrl });
result.mcp = {
  status: unauthorized.status,
  resourceMetadataUrl: challenge.resourceMetadataUrl?.href,
  metadata,
  selectedResource: (await selectResourceURL(api, {}, metadata))?.href,
};

// oauth4webapi's way: RFC 9728 discovery from the resource identifier, the resource checked against it
const options = { [oauth.allowInsecureRequests]: true };
const discovered = await oauth.processResourceDiscoveryResponse(new URL(resource),
  await oauth.resourceDiscoveryRequest(new URL(resource), options));
result.oauth4webapi = { resource: discovered.resource, authorization_servers: discovered.authorization_servers };

// a step-up challenge, as oauth4webapi hands it to the application
try {
  const response = await oauth.protectedResourceRequest(token, 'GET', new URL(api + '/api/payments'), undefined, null, options);
  result.stepUp = { status: response.status };
} catch (e) {
  result.stepUp = { status: e.status, error: e.code ?? e.name, challenges: e.cause };
}
console.log(JSON.stringify(result));
