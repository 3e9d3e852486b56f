// A page section whose endpoint this gateway does not serve (yet), or which the reviewer may not use.

import {message} from '../dom.js';

/** The message for a failed load of `what`. */
export function loadFailure(what, error) {
  if (error.notDeployed) {
    return message('notice', `${what} is not available on this gateway yet (the endpoint answered 404).`);
  }
  if (error.status === 403) return message('error', `You may not see ${what.toLowerCase()}.`);
  return message('error', `Could not load ${what.toLowerCase()}: ${error.message}`);
}
