// Bootstraps the self-hosted GraphiQL UI (graphiql 3.x UMD build + React 18 UMD).
// Loaded by index.html after react, react-dom and graphiql.min.js, which expose
// the globals React, ReactDOM and GraphiQL.
(function () {
  'use strict';

  // Every request needs a token, the schema fetch included; GraphiQL fetches the schema once at
  // start, so after pasting a token the schema is loaded with the re-fetch button.
  var defaultQuery = [
    '# 1. Get a token:  dotnet run --project src/MetricsApi -- dev-token --user alice --role Engineer',
    '# 2. Paste it into the Headers tab below:  {"Authorization": "Bearer <token>"}',
    '# 3. Click the re-fetch schema button (circular arrows, left sidebar) to load the Docs,',
    '#    then run this query with the play button.',
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
        'Bearer <paste a token from: dotnet run --project src/MetricsApi -- dev-token --user alice --role Engineer>',
    },
    null,
    2
  );

  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultHeaders: defaultHeaders,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      // Open the bottom editor pane on the Headers tab.
      defaultEditorToolsVisibility: 'headers',
    })
  );
})();
