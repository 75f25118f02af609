import { RulesetDefinition } from '@stoplight/spectral-core';
import { pattern, truthy } from '@stoplight/spectral-functions';
import { oas } from '@stoplight/spectral-rulesets';

/**
 * The OpenAPI lint of the contract test: every rule of Spectral's `spectral:oas` ruleset (not only
 * the recommended ones), plus house rules that keep generated clients pleasant: camelCase operation
 * ids, the error shape on every error response, integer path ids and `date-time` timestamps.
 */
export const HELPDESK_RULESET = {
  extends: [[oas, 'all']],
  rules: {
    // The contact is the installation's: its URL is known (APP_URL), an e-mail address is not
    // invented for it.
    'contact-properties': 'off',
    'helpdesk-operation-id-camel-case': {
      description: 'Operation ids are camelCase verbs and nouns (listTickets, changeTicketStatus)',
      severity: 'error',
      given: '$.paths[*][get,put,post,patch,delete].operationId',
      then: { function: pattern, functionOptions: { match: '^[a-z][a-zA-Z0-9]+$' } },
    },
    'helpdesk-error-responses-use-error-schema': {
      description: 'Every 4xx and 5xx answer is {statusCode, error, message, code?, errors?}',
      severity: 'error',
      given: '$.paths[*][*].responses[?(@property >= 400)].content.application/json.schema.$ref',
      then: { function: pattern, functionOptions: { match: '^#/components/schemas/ErrorResponse$' } },
    },
    'helpdesk-error-responses-have-content': {
      description: 'Every 4xx and 5xx answer documents its body',
      severity: 'error',
      given: '$.paths[*][*].responses[?(@property >= 400)]',
      then: { field: 'content', function: truthy },
    },
    'helpdesk-path-ids-are-integers': {
      description: 'Ids in paths are integers',
      severity: 'error',
      given: "$.paths[*][*].parameters[?(@.in == 'path' && @.name.match(/(^id|Id)$/))].schema.type",
      then: { function: pattern, functionOptions: { match: '^integer$' } },
    },
    'helpdesk-timestamps-are-date-times': {
      description: 'Fields ending in At are ISO 8601 date-times',
      severity: 'error',
      given: "$.components.schemas[*].properties[?(@property.match(/At$/) && @.type == 'string')]",
      then: { field: 'format', function: pattern, functionOptions: { match: '^date-time$' } },
    },
  },
} as RulesetDefinition;
