/*
 * What pages read from disk (file://) need instead of what only works over HTTP: a search over
 * the export's own index instead of Pagefind, and the language menu following relative links.
 * A classic script (modules are refused on file://); it does nothing when served over HTTP.
 */
(function () {
	if (location.protocol !== 'file:') return;
	var root = document.documentElement.getAttribute('data-export-root') || '';
	var en = document.documentElement.lang === 'en';
	var t = en
		? { placeholder: 'Search the notes', note: 'Offline search: the words are looked up in this copy’s own index.', none: 'No page contains that.', close: 'Close' }
		: { placeholder: '搜索笔记', note: '离线搜索：在这份离线版自带的索引里查找。', none: '没有页面包含这个词。', close: '关闭' };
	var dialog;
	var input;
	var list;

	function loadIndex(done) {
		if (window.__OPS_NOTES_SEARCH) return done();
		var script = document.createElement('script');
		script.src = root + '_offline/search-index.js';
		script.onload = done;
		document.head.appendChild(script);
	}

	function search(query) {
		var terms = query.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
		if (terms.length === 0) return [];
		var phrase = terms.join(' ');
		var lang = document.documentElement.lang;
		return (window.__OPS_NOTES_SEARCH || [])
			.filter(function (page) {
				return page.lang === lang;
			})
			.map(function (page) {
				var title = page.title.toLowerCase();
				var text = page.text.toLowerCase();
				var score = 0;
				for (var i = 0; i < terms.length; i++) {
					var inTitle = title.indexOf(terms[i]) >= 0;
					var at = text.indexOf(terms[i]);
					if (!inTitle && at < 0) return null;
					if (inTitle) score += 50;
					for (var n = 0; at >= 0 && n < 20; n++) {
						score += 1;
						at = text.indexOf(terms[i], at + terms[i].length);
					}
				}
				if (title.indexOf(phrase) >= 0) score += 100;
				if (text.indexOf(phrase) >= 0) score += 10;
				return { page: page, score: score, at: text.indexOf(terms[0]) };
			})
			.filter(Boolean)
			.sort(function (a, b) {
				return b.score - a.score;
			})
			.slice(0, 30);
	}

	function render() {
		var hits = search(input.value);
		list.textContent = '';
		if (input.value.trim() && hits.length === 0) {
			var empty = document.createElement('li');
			empty.textContent = t.none;
			list.appendChild(empty);
		}
		hits.forEach(function (hit) {
			var item = document.createElement('li');
			var link = document.createElement('a');
			link.href = root + hit.page.path;
			link.textContent = hit.page.title;
			var snippet = document.createElement('p');
			var start = Math.max(0, hit.at - 40);
			snippet.textContent = (start > 0 ? '…' : '') + hit.page.text.slice(start, hit.at + 80) + '…';
			item.appendChild(link);
			item.appendChild(snippet);
			list.appendChild(item);
		});
	}

	function open() {
		if (!dialog) {
			dialog = document.createElement('dialog');
			dialog.className = 'offline-search';
			dialog.setAttribute('aria-label', t.placeholder);
			var note = document.createElement('p');
			note.textContent = t.note;
			input = document.createElement('input');
			input.type = 'search';
			input.placeholder = t.placeholder;
			input.setAttribute('aria-label', t.placeholder);
			list = document.createElement('ul');
			var close = document.createElement('button');
			close.type = 'button';
			close.textContent = t.close;
			close.onclick = function () {
				dialog.close();
			};
			input.addEventListener('input', render);
			dialog.appendChild(close);
			dialog.appendChild(input);
			dialog.appendChild(note);
			dialog.appendChild(list);
			document.body.appendChild(dialog);
		}
		loadIndex(render);
		dialog.showModal();
		input.focus();
	}

	// Starlight's search script (left out of the export: it loads Pagefind, refused on file://)
	// is what enables the search button.
	function enableButtons() {
		document.querySelectorAll('site-search [data-open-modal]').forEach(function (button) {
			button.disabled = false;
		});
	}
	if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enableButtons);
	else enableButtons();

	// Before Starlight's own handlers, which would load Pagefind (refused on file://).
	document.addEventListener(
		'click',
		function (event) {
			var button = event.target.closest && event.target.closest('site-search [data-open-modal]');
			if (!button) return;
			event.preventDefault();
			event.stopImmediatePropagation();
			open();
		},
		true,
	);
	window.addEventListener(
		'keydown',
		function (event) {
			if ((event.key === 'k' || event.key === 'K') && (event.metaKey || event.ctrlKey)) {
				event.preventDefault();
				event.stopImmediatePropagation();
				open();
			}
		},
		true,
	);
	// The language menu sets location.pathname to an absolute path; on disk, follow its relative link.
	document.addEventListener(
		'change',
		function (event) {
			var select = event.target;
			if (!select.closest || !select.closest('starlight-lang-select')) return;
			event.stopImmediatePropagation();
			location.href = new URL(select.value, location.href).href;
		},
		true,
	);
})();
