/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unused-vars -- FDK serverless code is CommonJS that assigns the platform's global `exports` */
/* global exports:writable, require:readonly, renderData:readonly, Buffer:readonly */
/**
 * Serverless side of the Threadline Freshdesk app (FDK platform 3.0).
 *
 * mintToken signs the sidebar's token: HS256 with the secure `shared_secret` iparam, which only
 * serverless code and request templates can read, so the secret never reaches the browser.
 * Claims: iss = tenant iparam, aud = "threadline", sub = the agent, iat, exp (10 minutes).
 * The front end calls it with client.request.invoke('mintToken', { agent }) and passes the token
 * to the request templates as context.token.
 */
'use strict';

var crypto = require('crypto');

var TOKEN_SECONDS = 600;

function base64url(value) {
  return Buffer.from(value).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function signHs256(claims, secret) {
  var unsigned = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + base64url(JSON.stringify(claims));
  var signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return unsigned + '.' + signature;
}

function text(value, max) {
  return typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, max) : '';
}

exports = {
  mintToken: function (args) {
    var iparams = (args && args.iparams) || {};
    if (!iparams.tenant || !iparams.shared_secret) {
      renderData({ status: 400, message: 'Set the Threadline tenant and shared secret in the app settings' });
      return;
    }
    var agent = (args && args.agent) || {};
    var now = Math.floor(Date.now() / 1000);
    var claims = { iss: String(iparams.tenant), aud: 'threadline', sub: text(agent.id, 64) || 'freshdesk-agent', iat: now, exp: now + TOKEN_SECONDS };
    if (text(agent.name, 200)) claims.name = text(agent.name, 200);
    if (text(agent.email, 320)) claims.email = text(agent.email, 320);
    renderData(null, { token: signHs256(claims, String(iparams.shared_secret)), expiresAt: claims.exp });
  },
};
