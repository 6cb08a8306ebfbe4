// The page's Workloads part: window.renderWorkloads(element, snapshot) draws one snapshot of
// GET /api/workloads (WorkloadsSnapshot in services/gateway) into element, replacing what was there.
// Plain DOM only: every string from the API goes in through textContent, never innerHTML. No
// network, no framework: the caller fetches or streams the snapshot.
//
// What a test can query (all stable):
//   #workloads-unavailable                      the one-line reason, alone, when available is false
//   #workloads-deployments  .deployment[data-deployment]  .replicaset[data-replicaset][data-revision][data-current]
//                           .pod[data-pod][data-node][data-ready][data-version]
//   #workloads-log-agent    .agent-node[data-node]  .pod[data-pod]
//   #workloads-jobs         .job[data-job][data-status]  .cronjob[data-cronjob]  .job[data-job] (its runs)
//   #workloads-nodes        .node[data-node][data-ready]  .node-pod[data-pod][data-namespace][data-app]
//   #workloads-events       .event[data-reason][data-type][data-object]
(function () {
  'use strict';

  var CSS = [
    '.workloads { font: 14px/1.4 system-ui, sans-serif; color: #1b1f24; }',
    '.workloads section { margin: 0 0 1.5rem; }',
    '.workloads h2 { font-size: 1.1rem; margin: 0 0 .5rem; }',
    '.workloads h3 { font-size: 1rem; margin: 0 0 .3rem; }',
    '.workloads .name, .workloads code { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }',
    '.workloads .muted { color: #57606a; }',
    '.workloads ul, .workloads ol { list-style: none; margin: 0; padding: 0; }',
    '.workloads .deployment { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .7rem; margin: 0 0 .7rem; }',
    '.workloads .replicasets { display: flex; flex-wrap: wrap; gap: .6rem; }',
    '.workloads .replicaset { flex: 1 1 18rem; min-width: 0; border: 1px solid #d0d7de; border-radius: 4px; padding: .4rem .6rem; }',
    '.workloads .replicaset.current { border-color: #1a7f37; background: #f0fff4; }',
    '.workloads .replicaset.scaled-down { opacity: .6; }',
    '.workloads .pod, .workloads .node-pod { padding: .1rem 0; overflow-wrap: anywhere; }',
    '.workloads .ready::before, .workloads .not-ready::before { content: "\\25CF"; margin-right: .3rem; }',
    '.workloads .ready::before { color: #1a7f37; }',
    '.workloads .not-ready::before { color: #cf222e; }',
    '.workloads .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .6rem; }',
    '.workloads .node, .workloads .agent-node, .workloads .job, .workloads .cronjob { border: 1px solid #d0d7de;'
      + ' border-radius: 4px; padding: .4rem .6rem; min-width: 0; }',
    '.workloads .cronjob .job { border: 0; padding: .1rem 0; }',
    '.workloads .missing { color: #cf222e; }',
    '.workloads .event { display: grid; grid-template-columns: 11rem 9rem minmax(0, 1fr); gap: .6rem; padding: .15rem 0;'
      + ' border-bottom: 1px solid #eaeef2; }',
    '.workloads .event.warning .reason { color: #cf222e; }',
    '.workloads .event .message { overflow-wrap: anywhere; }',
    '#workloads-unavailable { color: #57606a; }'
  ].join('\n');

  /** An element with attributes (className, id, data-*) and children (strings become text nodes). */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      var value = attributes[key];
      if (value === undefined || value === null) {
        return;
      }
      if (key === 'className') {
        node.className = value;
      } else {
        node.setAttribute(key, String(value));
      }
    });
    (children || []).forEach(function (child) {
      if (child === undefined || child === null) {
        return;
      }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function text(tag, className, value) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    node.textContent = value === undefined || value === null ? '' : String(value);
    return node;
  }

  function age(seconds) {
    if (seconds === undefined || seconds === null) {
      return '';
    }
    if (seconds < 60) {
      return seconds + 's';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + 'm';
    }
    if (seconds < 86400) {
      return Math.floor(seconds / 3600) + 'h' + Math.floor((seconds % 3600) / 60) + 'm';
    }
    return Math.floor(seconds / 86400) + 'd' + Math.floor((seconds % 86400) / 3600) + 'h';
  }

  function readiness(ready) {
    return ready ? 'ready' : 'not-ready';
  }

  function section(id, title, children) {
    return el('section', { id: id }, [text('h2', null, title)].concat(children));
  }

  function none(what) {
    return text('p', 'muted', what);
  }

  function pod(p) {
    return el('li', {
      className: 'pod ' + readiness(p.ready), 'data-pod': p.name, 'data-node': p.node, 'data-ready': String(!!p.ready),
      'data-version': p.version
    }, [
      text('span', 'name', p.name), ' ',
      text('span', 'muted', [p.node || 'not scheduled', p.phase, p.version, p.ready ? 'ready' : 'not ready',
        'restarts ' + (p.restarts || 0), age(p.ageSeconds)].filter(Boolean).join(' · '))
    ]);
  }

  function replicaSet(rs) {
    var scaledDown = rs.desired === 0 && rs.pods.length === 0;
    return el('div', {
      className: 'replicaset' + (rs.current ? ' current' : '') + (scaledDown ? ' scaled-down' : ''),
      'data-replicaset': rs.name, 'data-revision': rs.revision, 'data-current': String(!!rs.current)
    }, [
      el('h3', null, [text('span', 'name', rs.name)]),
      text('div', 'muted', ['revision ' + (rs.revision === null || rs.revision === undefined ? '?' : rs.revision),
        rs.imageTag ? 'image tag ' + rs.imageTag : rs.image, 'hash ' + (rs.podTemplateHash || '?'),
        rs.current ? 'current' : 'old'].filter(Boolean).join(' · ')),
      text('div', 'counts', 'desired ' + rs.desired + ' · ready ' + rs.ready + ' · available ' + rs.available),
      rs.pods.length ? el('ul', { className: 'pods' }, rs.pods.map(pod)) : null
    ]);
  }

  function deployments(snapshot) {
    var items = snapshot.deployments.map(function (d) {
      return el('div', { className: 'deployment', 'data-deployment': d.name }, [
        el('h3', null, [text('span', 'name', d.name), ' ',
          text('span', 'muted', 'revision ' + (d.revision === null || d.revision === undefined ? '?' : d.revision)
            + ' · desired ' + d.desired + ' · ready ' + d.ready + ' · available ' + d.available + ' · updated ' + d.updated)]),
        el('div', { className: 'replicasets' }, d.replicaSets.map(replicaSet))
      ]);
    });
    return section('workloads-deployments', 'Deployments, ReplicaSets, Pods (' + snapshot.namespace + ')',
      items.length ? items : [none('no Deployments')]);
  }

  function logAgent(snapshot) {
    var agent = snapshot.logAgent;
    var items = agent.nodes.map(function (n) {
      return el('div', { className: 'agent-node', 'data-node': n.node }, [
        el('h3', null, [text('span', 'name', n.node)]),
        n.pods.length ? el('ul', { className: 'pods' }, n.pods.map(pod)) : text('p', 'missing', 'no log agent on this node')
      ]);
    });
    return section('workloads-log-agent', 'DaemonSet log-agent, one pod per node (' + agent.namespace + ')',
      [items.length ? el('div', { className: 'grid' }, items) : none('no nodes listed')]);
  }

  function job(j) {
    return el('div', { className: 'job', 'data-job': j.name, 'data-status': j.status }, [
      text('span', 'name', j.name), ' ',
      text('span', 'status', j.status), ' ',
      text('span', 'muted', [j.startTime ? 'started ' + j.startTime : null, j.completionTime ? 'completed ' + j.completionTime : null,
        j.active ? 'active ' + j.active : null, j.succeeded ? 'succeeded ' + j.succeeded : null,
        j.failed ? 'failed ' + j.failed : null].filter(Boolean).join(' · '))
    ]);
  }

  function jobs(snapshot) {
    var standalone = snapshot.jobs.map(job);
    var cronJobs = snapshot.cronJobs.map(function (c) {
      return el('div', { className: 'cronjob', 'data-cronjob': c.name }, [
        el('h3', null, [text('span', 'name', c.name), ' ', text('code', null, c.schedule), c.suspended ? ' suspended' : '']),
        text('div', 'muted', [c.lastScheduleTime ? 'last scheduled ' + c.lastScheduleTime : null,
          c.lastSuccessfulTime ? 'last succeeded ' + c.lastSuccessfulTime : null].filter(Boolean).join(' · ')),
        c.runs.length ? el('div', { className: 'runs' }, c.runs.map(job)) : none('no runs kept')
      ]);
    });
    var all = standalone.concat(cronJobs);
    return section('workloads-jobs', 'Jobs and CronJobs', [all.length ? el('div', { className: 'grid' }, all) : none('no Jobs')]);
  }

  function nodes(snapshot) {
    var items = snapshot.nodes.map(function (n) {
      var facts = [n.ready ? 'Ready' : 'NotReady'].concat(n.roles.length ? n.roles : ['worker']);
      if (n.unschedulable) {
        facts.push('cordoned');
      }
      return el('div', { className: 'node' + (n.ready ? '' : ' missing'), 'data-node': n.name, 'data-ready': String(!!n.ready) }, [
        el('h3', null, [text('span', 'name', n.name)]),
        text('div', 'muted', facts.join(' · ') + ' · ' + n.pods.length + ' pods'),
        el('ul', { className: 'pods' }, n.pods.map(function (p) {
          return el('li', {
            className: 'node-pod ' + readiness(p.ready), 'data-pod': p.name, 'data-namespace': p.namespace, 'data-app': p.app
          }, [text('span', 'name', p.name), ' ', text('span', 'muted', [p.app, p.namespace, p.phase].filter(Boolean).join(' · '))]);
        }))
      ]);
    });
    return section('workloads-nodes', 'Nodes and the pods on each',
      [items.length ? el('div', { className: 'grid' }, items) : none('no nodes listed')]);
  }

  function events(snapshot) {
    var items = snapshot.events.map(function (e) {
      var object = (e.kind || '?') + '/' + (e.name || '?');
      return el('li', {
        className: 'event' + (e.type === 'Warning' ? ' warning' : ''), 'data-reason': e.reason, 'data-type': e.type,
        'data-object': object
      }, [
        text('span', 'time muted', e.time),
        text('span', 'reason', e.reason + (e.count > 1 ? ' ×' + e.count : '')),
        el('span', { className: 'message' }, [text('span', 'name', object), ' ', e.message || ''])
      ]);
    });
    return section('workloads-events', 'Events, newest first',
      [items.length ? el('ol', { className: 'events' }, items) : none('no events')]);
  }

  // A constructed stylesheet, not a <style> element: the gateway's Content-Security-Policy allows no
  // inline style, and CSSOM is not inline.
  var sheet = null;
  function ensureStyle() {
    if (sheet) {
      return;
    }
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  }

  window.renderWorkloads = function (element, snapshot) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
    if (!snapshot || snapshot.available !== true) {
      element.appendChild(el('p', { id: 'workloads-unavailable' },
        [snapshot && snapshot.reason ? snapshot.reason : 'no Workloads snapshot']));
      return;
    }
    ensureStyle();
    element.classList.add('workloads');
    [deployments, logAgent, jobs, nodes, events].forEach(function (part) {
      element.appendChild(part(snapshot));
    });
  };
}());
