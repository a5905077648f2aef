// Bootstraps the self-hosted GraphiQL UI (graphiql 3.x UMD build + React 18 UMD).
// Loaded by index.html after react, react-dom and graphiql.min.js, which expose
// the globals React, ReactDOM and GraphiQL.
(function () {
  'use strict';

  var defaultQuery = [
    '# 1. Get a token for a demo user (README: demo users), e.g. the engineer erin of team-0001:',
    '#      dotnet run --project src/MetricsApi -- dev-token --user erin --role Engineer',
    '# 2. Paste it into the Headers tab below:  {"Authorization": "Bearer <token>"}',
    '#    The schema (Docs) loads as soon as the token is there; then run this query with the play button.',
    'query Viewer {',
    '  viewer {',
    '    displayName',
    '    roles',
    '    scope { id name kind }',
    '  }',
    '}',
    '',
  ].join('\n');

  // Shown on first visit so a newcomer sees how to authenticate. Once edited,
  // GraphiQL keeps the user's headers in localStorage (shouldPersistHeaders).
  var defaultHeaders = JSON.stringify(
    {
      Authorization:
        'Bearer <paste a token from: dotnet run --project src/MetricsApi -- dev-token --user erin --role Engineer>',
    },
    null,
    2
  );

  // The Authorization header in a headers text; undefined while the text is not valid JSON (being typed).
  function authorizationOf(text) {
    try {
      var headers = JSON.parse(text || '{}');
      return (headers && (headers.Authorization || headers.authorization)) || null;
    } catch (e) {
      return undefined;
    }
  }

  var stored = null;
  try {
    stored = window.localStorage.getItem('graphiql:headers');
  } catch (e) {
    // Storage may be disabled; the default headers apply.
  }

  var lastAuthorization = authorizationOf(stored || defaultHeaders);
  var pending = null;
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));

  // GraphiQL fetches the schema when it starts and whenever its fetcher changes, sending the headers
  // of the Headers tab. It starts before a newcomer has pasted a token, so that first fetch is a 401;
  // rendering with a new fetcher once the Authorization header changes fetches the schema again with
  // the token, instead of keeping the stale 401 until someone finds the re-fetch button.
  function render() {
    root.render(
      React.createElement(GraphiQL, {
        fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
        defaultQuery: defaultQuery,
        defaultHeaders: defaultHeaders,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: true,
        // Open the bottom editor pane on the Headers tab.
        defaultEditorToolsVisibility: 'headers',
        onEditHeaders: onEditHeaders,
        onSchemaChange: clearStaleSchemaError,
      })
    );
  }

  // GraphiQL writes a failed schema fetch into the response pane and leaves it there after a later
  // fetch succeeds; once the schema has loaded with the token, that 401 is stale.
  function clearStaleSchemaError() {
    var pane = document.querySelector('.graphiql-response .CodeMirror');
    var editor = pane && pane.CodeMirror;
    if (editor && editor.getValue().indexOf('UNAUTHENTICATED') >= 0) {
      editor.setValue('');
    }
  }

  function onEditHeaders(text) {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      var authorization = authorizationOf(text);
      if (authorization === undefined || authorization === lastAuthorization) {
        return;
      }

      lastAuthorization = authorization;
      render();
    }, 300);
  }

  render();
})();
