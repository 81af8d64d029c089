// Draws the graph page: reads the JSON block written by graphsvc.render.html and hands it to
// vis-network (served locally). No inline script, so the page works under script-src 'self'.
(function () {
  "use strict";

  function fail(container, message) {
    container.dataset.state = "error";
    var p = document.createElement("p");
    p.className = "graph-message";
    p.textContent = message;
    container.appendChild(p);
  }

  function draw() {
    var container = document.getElementById("graph");
    var holder = document.getElementById("graph-data");
    if (!container || !holder) {
      return;
    }
    if (typeof vis === "undefined" || !vis.Network) {
      fail(container, "The graph library could not be loaded.");
      return;
    }
    var data = JSON.parse(holder.textContent);
    if (!data.nodes.length) {
      fail(container, "Nothing to draw: no events match these filters.");
      container.dataset.state = "empty";
      return;
    }
    var network = new vis.Network(
      container,
      { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) },
      data.options
    );
    // Physics only lays the graph out; once stable it stops so the page stays idle.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      container.dataset.state = "ready";
    });
    window.graphsvcNetwork = network;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
