// Bootstraps the self-hosted GraphiQL UI (graphiql 3.x UMD build + React 18 UMD).
// Loaded by index.html after react, react-dom and graphiql.min.js, which expose
// the globals React, ReactDOM and GraphiQL.
(function () {
  'use strict';

  var defaultQuery = 'query Viewer {\n  viewer {\n    displayName\n    roles\n  }\n}';

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
