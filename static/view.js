// Draws the graph page: reads the JSON block written by graphsvc.render.html and hands it to
// vis-network (served locally). No inline script, so the page works under script-src 'self'.
//
// Besides drawing: nodes and edges open their pages (URLs built by the server), node size
// and the top-actors list follow the chosen centrality, only the most important nodes carry
// a label, past 120 actors the less central ones of each community are grouped into one
// node that opens on click, a slider hides thin dyads, and the time control refetches
// /view/data for the chosen months and updates the drawn graph in place (nodes that stay
// keep their place).
// Text from the data only ever reaches the page through textContent.
(function () {
  "use strict";

  var LABELLED = 30; // past ALL_LABELS nodes, only the top ones show their name (all on hover)
  var ALL_LABELS = 60;
  var TOP = 10; // actors listed in the ranking panel
  var PLAY_STEP_MS = 1200;
  var COMMUNITY_CLASSES = 9; // colours in view.css (c0..c8), as in render/pagedata.py
  // Past COLLAPSE_AT drawn actors, only the KEEP most important (by the chosen measure) are
  // drawn on their own; the others of each community become one node that opens on click.
  var COLLAPSE_AT = 120;
  var KEEP = 60;

  var container, network, nodes, edges, data, months;
  var measure = "weighted_degree";
  var generation = 0; // the newest refetch; older answers are dropped
  var playing = null;
  var opened = {}; // communities the user opened (until the next refilter)

  function byId(id) {
    return document.getElementById(id);
  }

  function setState(state) {
    container.dataset.state = state;
  }

  function message(text) {
    var old = container.querySelector(".graph-message");
    if (old) {
      old.remove();
    }
    if (text) {
      var p = document.createElement("p");
      p.className = "graph-message";
      p.textContent = text;
      container.appendChild(p);
    }
  }

  // -- sizes, labels and the ranking ---------------------------------------------------------

  function ranked(list) {
    return list.slice().sort(function (a, b) {
      var d = (b.scores[measure] || 0) - (a.scores[measure] || 0);
      return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }

  // Dot radius 8..40 by the measure (area grows with it), as style.node_size does for counts.
  function decorate(list) {
    var order = ranked(list);
    var top = order.length ? order[0].scores[measure] || 0 : 0;
    var rank = {};
    order.forEach(function (n, i) {
      rank[n.id] = i;
    });
    return list.map(function (n) {
      var value = Math.max(n.scores[measure] || 0, 0);
      n.size = top > 0 ? Math.round((8 + 32 * Math.sqrt(value / top)) * 100) / 100 : 8;
      n.label = list.length <= ALL_LABELS || rank[n.id] < LABELLED ? n.name : "";
      return n;
    });
  }

  function formatScore(value) {
    return Number.isInteger(value) ? String(value) : value.toFixed(3);
  }

  function showRanking() {
    var list = byId("top-actors");
    if (!list) {
      return;
    }
    list.replaceChildren();
    ranked(actors()).slice(0, TOP).forEach(function (n) {
      var li = document.createElement("li");
      var name = document.createElement(n.url ? "a" : "span");
      if (n.url) {
        name.href = n.url;
      }
      name.textContent = n.name;
      var score = document.createElement("span");
      score.className = "score";
      score.textContent = formatScore(n.scores[measure] || 0);
      li.append(name, " ", score);
      list.appendChild(li);
    });
  }

  function showCommunities(list) {
    var ul = byId("communities");
    if (!ul) {
      return;
    }
    ul.replaceChildren();
    (list || []).forEach(function (c) {
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch c" + (c.index < COMMUNITY_CLASSES ? c.index : "x");
      swatch.setAttribute("aria-hidden", "true");
      var more = c.size > c.leaders.length ? " …" : "";
      li.append(swatch, " " + c.leaders.join(", ") + more + " (" + c.size + ")");
      ul.appendChild(li);
    });
  }

  // -- community nodes -------------------------------------------------------------------------
  // Done in the DataSets (hidden members, an added node and summed edges per community)
  // rather than with vis-network's clustering, which deep-copies every node's options once
  // per community: 0.7 s at 400 actors.

  function real(item) {
    return !item.collapsed;
  }

  function actors() {
    return nodes.get({ filter: real });
  }

  function expandAll() {
    nodes.remove(nodes.getIds({ filter: function (n) { return n.collapsed; } }));
    edges.remove(edges.getIds({ filter: function (e) { return e.collapsed; } }));
    nodes.update(
      nodes.get({ filter: function (n) { return n.hidden; } }).map(function (n) {
        return { id: n.id, hidden: false, physics: true };
      })
    );
    var t = threshold();
    edges.update(
      edges.get({ filter: function (e) { return e.hidden; } }).map(function (e) {
        return { id: e.id, hidden: e.count < t };
      })
    );
  }

  // What collapsing changes, from plain node and edge records: the actors and dyads to
  // hide, and the community nodes and summed edges to add (null: nothing to collapse).
  function plan(all, allEdges, positions) {
    if (all.length <= COLLAPSE_AT) {
      return null;
    }
    var kept = {};
    ranked(all)
      .slice(0, KEEP)
      .forEach(function (n) {
        kept[n.id] = true;
      });
    var members = {};
    all.forEach(function (n) {
      if (!kept[n.id] && !opened[n.community]) {
        (members[n.community] = members[n.community] || []).push(n);
      }
    });
    var groupOf = {};
    var groups = [];
    Object.keys(members).forEach(function (key) {
      var list = members[key];
      if (list.length < 2) {
        return;
      }
      var id = "community:" + key;
      var x = 0;
      var y = 0;
      list.forEach(function (n) {
        groupOf[n.id] = id;
        x += positions[n.id].x / list.length;
        y += positions[n.id].y / list.length;
      });
      var index = Number(key);
      var name = index >= 0 ? "community " + (index + 1) : "no community";
      groups.push({
        id: id,
        community: index,
        collapsed: true,
        label: "+" + list.length,
        title: list.length + " less central actors (" + name + "); click to show them",
        color: list[0].color,
        shape: "hexagon",
        size: Math.min(12 + 2 * Math.sqrt(list.length), 40),
        x: x,
        y: y,
      });
    });
    if (!groups.length) {
      return null;
    }
    var summed = {};
    var hiddenEdges = [];
    var t = threshold();
    allEdges.forEach(function (e) {
      var from = groupOf[e.from] || e.from;
      var to = groupOf[e.to] || e.to;
      if (from === e.from && to === e.to) {
        return;
      }
      hiddenEdges.push(e.id);
      if (from === to || e.count < t) {
        return;
      }
      var key = from + ">" + to;
      if (!summed[key]) {
        summed[key] = { id: "community-edge:" + key, from: from, to: to, count: 0,
                        collapsed: true, color: { color: "#b5b5b5", inherit: false } };
      }
      summed[key].count += e.count;
    });
    var sums = Object.keys(summed).map(function (key) {
      var e = summed[key];
      e.width = Math.min(1 + Math.log(e.count), 8);
      e.title = e.count + (e.count === 1 ? " event" : " events") + " (community summed)";
      return e;
    });
    return { hiddenNodes: Object.keys(groupOf), groups: groups, hiddenEdges: hiddenEdges,
             sums: sums };
  }

  // The plan on the DataSets of a drawn network.
  function collapse() {
    var p = plan(actors(), edges.get({ filter: real }), network.getPositions());
    if (p === null) {
      return;
    }
    nodes.update(p.hiddenNodes.map(function (id) {
      return { id: id, hidden: true, physics: false };
    }));
    nodes.add(p.groups);
    edges.update(p.hiddenEdges.map(function (id) {
      return { id: id, hidden: true };
    }));
    edges.add(p.sums);
  }

  // The plan on the records a network is about to be built from (one pass, no redraws).
  function collapsed(list, edgeList) {
    var positions = {};
    list.forEach(function (n) {
      positions[n.id] = { x: n.x, y: n.y };
    });
    var p = plan(list, edgeList, positions);
    if (p === null) {
      return { nodes: list, edges: edgeList };
    }
    var hideNode = {};
    p.hiddenNodes.forEach(function (id) {
      hideNode[id] = true;
    });
    var hideEdge = {};
    p.hiddenEdges.forEach(function (id) {
      hideEdge[id] = true;
    });
    list.forEach(function (n) {
      if (hideNode[n.id]) {
        n.hidden = true;
        n.physics = false;
      }
    });
    edgeList.forEach(function (e) {
      if (hideEdge[e.id]) {
        e.hidden = true;
      }
    });
    return { nodes: list.concat(p.groups), edges: edgeList.concat(p.sums) };
  }

  // Changes to the actors and dyads are made with every community open, then closed again.
  function whileExpanded(change) {
    expandAll();
    change();
    collapse();
  }

  // -- the dyad threshold --------------------------------------------------------------------

  function threshold() {
    var input = byId("threshold");
    return input ? Number(input.value) : 1;
  }

  function applyThreshold() {
    var t = threshold();
    var out = byId("threshold-value");
    if (out) {
      out.textContent = String(t);
    }
    var change = function () {
      edges.update(
        edges.get({ filter: real }).map(function (e) {
          return { id: e.id, hidden: e.count < t };
        })
      );
    };
    if (nodes.get({ filter: function (n) { return n.collapsed; } }).length) {
      whileExpanded(change);
    } else {
      change();
    }
  }

  function resetThresholdRange() {
    var input = byId("threshold");
    if (!input) {
      return;
    }
    var most = edges.get({ filter: real }).reduce(function (m, e) {
      return Math.max(m, e.count || 1);
    }, 1);
    input.max = String(most);
    if (Number(input.value) > most) {
      input.value = String(most);
    }
  }

  // -- summary, counts and links ---------------------------------------------------------------

  function showSummary(d) {
    var summary = byId("summary");
    if (summary) {
      summary.textContent = d.summary || "";
    }
    var note = byId("note");
    if (note) {
      note.textContent = d.note || "";
      note.hidden = !d.note;
    }
    var drawn = actors().length;
    container.dataset.nodes = String(drawn);
    container.dataset.edges = String(edges.get({ filter: real }).length);
    message(drawn ? "" : "Nothing to draw: no events match these filters.");
  }

  // -- updating in place -----------------------------------------------------------------------

  function placeNear(node, incomingEdges, positions) {
    for (var i = 0; i < incomingEdges.length; i++) {
      var e = incomingEdges[i];
      var other = e.from === node.id ? e.to : e.to === node.id ? e.from : null;
      if (other !== null && positions[other]) {
        var angle = (i * 2.399963) % (2 * Math.PI); // golden angle: neighbours fan out
        node.x = positions[other].x + 60 * Math.cos(angle);
        node.y = positions[other].y + 60 * Math.sin(angle);
        return;
      }
    }
  }

  function apply(d) {
    expandAll();
    opened = {}; // community numbers change with the data
    var positions = network.getPositions();
    var keepNodes = {};
    var keepEdges = {};
    d.nodes.forEach(function (n) {
      keepNodes[n.id] = true;
    });
    d.edges.forEach(function (e) {
      keepEdges[e.id] = true;
    });
    edges.remove(edges.getIds().filter(function (id) { return !keepEdges[id]; }));
    nodes.remove(nodes.getIds().filter(function (id) { return !keepNodes[id]; }));
    d.nodes.forEach(function (n) {
      if (positions[n.id]) {
        delete n.x; // a node that stays keeps its place
        delete n.y;
      } else {
        placeNear(n, d.edges, positions);
      }
    });
    nodes.update(decorate(d.nodes));
    edges.update(d.edges);
    resetThresholdRange();
    applyThreshold();
    collapse();
    showRanking();
    showCommunities(d.communities);
    showSummary(d);
  }

  // -- the time control --------------------------------------------------------------------------

  function monthEnd(month) {
    var parts = month.split("-");
    var last = new Date(Date.UTC(Number(parts[0]), Number(parts[1]), 0)).getUTCDate();
    return month + "-" + String(last).padStart(2, "0");
  }

  function rangeInputs() {
    return [byId("range-from"), byId("range-to")];
  }

  function selectedRange() {
    var r = rangeInputs();
    return [Number(r[0].value), Number(r[1].value)];
  }

  function showRange() {
    var range = selectedRange();
    var label = byId("range-label");
    if (label) {
      label.textContent = months[range[0]] + " to " + months[range[1]];
    }
    document.querySelectorAll("#histogram .bar").forEach(function (bar) {
      var i = Number(bar.dataset.i);
      bar.classList.toggle("chosen", i >= range[0] && i <= range[1]);
    });
  }

  // The page's query: the filters plus the chosen months (none when all are chosen, so
  // undated events stay in) and the size measure.
  function pageParams() {
    var params = new URLSearchParams(window.location.search);
    var range = selectedRange();
    params.delete("date_from");
    params.delete("date_to");
    if (range[0] > 0 || range[1] < months.length - 1) {
      params.set("date_from", months[range[0]] + "-01");
      params.set("date_to", monthEnd(months[range[1]]));
    }
    params.set("size", measure);
    return params;
  }

  // The same filters as the API reads them: no empty form fields, no page-only settings.
  function filterParams(params) {
    var out = new URLSearchParams();
    params.forEach(function (value, key) {
      if (value !== "" && key !== "size") {
        out.append(key, value);
      }
    });
    return out;
  }

  function syncLinks(params) {
    var filters = filterParams(params);
    var query = filters.toString();
    document.querySelectorAll(".downloads a[data-base]").forEach(function (a) {
      a.href = a.dataset.base + (query ? "?" + query : "");
    });
    var form = byId("filters");
    if (form) {
      form.elements.date_from.value = params.get("date_from") || "";
      form.elements.date_to.value = params.get("date_to") || "";
    }
  }

  function refilter() {
    var params = pageParams();
    var query = filterParams(params);
    if (data.ego) {
      query.set("ego", data.ego);
    }
    var mine = ++generation;
    setState("loading");
    window.history.replaceState(null, "", "?" + params.toString());
    syncLinks(params);
    return fetch("/view/data?" + query.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("the server answered " + response.status);
        }
        return response.json();
      })
      .then(function (d) {
        if (mine === generation) {
          apply(d);
          setState("ready");
        }
      })
      .catch(function (err) {
        if (mine === generation) {
          message("The graph could not be updated: " + err.message);
          setState("error");
        }
      });
  }

  function onRangeInput(event) {
    var r = rangeInputs();
    // The thumbs never cross: the one not moved follows.
    if (Number(r[0].value) > Number(r[1].value)) {
      (event.target === r[0] ? r[1] : r[0]).value = event.target.value;
    }
    showRange();
  }

  function stopPlaying() {
    if (playing !== null) {
      window.clearTimeout(playing);
      playing = null;
    }
    var button = byId("play");
    if (button) {
      button.textContent = "Play";
      button.setAttribute("aria-pressed", "false");
    }
  }

  // Play slides the chosen window (its width kept) one month at a time to the last month.
  function step() {
    var r = rangeInputs();
    var range = selectedRange();
    if (range[1] >= months.length - 1) {
      stopPlaying();
      return;
    }
    r[0].value = String(range[0] + 1);
    r[1].value = String(range[1] + 1);
    showRange();
    refilter().then(function () {
      if (playing !== null) {
        playing = window.setTimeout(step, PLAY_STEP_MS);
      }
    });
  }

  function togglePlay() {
    if (playing !== null) {
      stopPlaying();
      return;
    }
    var r = rangeInputs();
    var range = selectedRange();
    if (range[1] >= months.length - 1) {
      // At the end: start again from the first month with the same width.
      r[1].value = String(range[1] - range[0]);
      r[0].value = "0";
      showRange();
    }
    var button = byId("play");
    button.textContent = "Pause";
    button.setAttribute("aria-pressed", "true");
    playing = window.setTimeout(step, 0);
  }

  function setUpTime() {
    var r = rangeInputs();
    if (!months || !months.length || !r[0] || !r[1]) {
      return;
    }
    r.forEach(function (input) {
      input.addEventListener("input", onRangeInput);
      input.addEventListener("change", function () {
        stopPlaying();
        refilter();
      });
    });
    byId("play").addEventListener("click", togglePlay);
  }

  // -- drawing -------------------------------------------------------------------------------------

  function setUpControls() {
    var select = byId("measure");
    if (select) {
      select.value = measure;
      select.addEventListener("change", function () {
        measure = select.value;
        whileExpanded(function () {
          nodes.update(decorate(nodes.get()));
        });
        showRanking();
        var params = new URLSearchParams(window.location.search);
        params.set("size", measure);
        window.history.replaceState(null, "", "?" + params.toString());
      });
    }
    var slider = byId("threshold");
    if (slider) {
      slider.addEventListener("input", applyThreshold);
    }
    setUpTime();
  }

  function go(url, event) {
    if (!url) {
      return;
    }
    var src = event && event.srcEvent;
    if (src && (src.ctrlKey || src.metaKey)) {
      window.open(url, "_blank", "noopener");
    } else {
      window.location.assign(url);
    }
  }

  function setUpClicks() {
    network.on("click", function (params) {
      var node = params.nodes.length ? nodes.get(params.nodes[0]) : null;
      if (node && node.collapsed) {
        opened[node.community] = true;
        whileExpanded(function () {});
      } else if (node) {
        go(node.url, params.event);
      } else if (params.edges.length) {
        go(edges.get(params.edges[0]).url, params.event); // none on a community's edges
      }
    });
    var pointer = function () {
      container.classList.add("pointing");
    };
    var plain = function () {
      container.classList.remove("pointing");
    };
    network.on("hoverNode", pointer);
    network.on("hoverEdge", pointer);
    network.on("blurNode", plain);
    network.on("blurEdge", plain);
  }

  function draw() {
    performance.mark("graph-draw");
    container = byId("graph");
    var holder = byId("graph-data");
    if (!container || !holder) {
      return;
    }
    if (typeof vis === "undefined" || !vis.Network) {
      setState("error");
      message("The graph library could not be loaded.");
      return;
    }
    data = JSON.parse(holder.textContent);
    months = data.months || [];
    if (data.measure) {
      measure = data.measure;
    }
    var start = collapsed(decorate(data.nodes), data.edges);
    nodes = new vis.DataSet(start.nodes);
    edges = new vis.DataSet(start.edges);
    network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    window.graphsvcNetwork = network;
    setUpClicks();
    setUpControls();
    resetThresholdRange();
    showRanking();
    showCommunities(data.communities);
    if (!data.nodes.length) {
      message("Nothing to draw: no events match these filters.");
      setState("empty");
      return;
    }
    // Physics only polishes the server's layout; once stable it stops so the page stays idle.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      performance.mark("graph-ready"); // read by bench/page_settle.py
      setState("ready");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
