// Review content: Markdown (marked) → sanitised HTML (DOMPurify) → syntax highlighting (highlight.js).
// Nothing from a request reaches the page as HTML without passing DOMPurify first.

const SANITIZE = {
  USE_PROFILE: {html: true},
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
  FORBID_ATTR: ['style'],
};

let hooked = false;

function hookLinks() {
  if (hooked) return;
  hooked = true;
  // Links open in a new tab without access to this one; DOMPurify has already dropped
  // javascript:, data: and other unsafe URLs.
  window.DOMPurify.addHook('afterSanitizeAttributes', node => {
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
}

/** Renders Markdown into a fresh <div class="markdown">. */
export function renderMarkdown(source) {
  const container = document.createElement('div');
  container.className = 'markdown';
  if (!source) {
    container.textContent = '(no content)';
    return container;
  }
  if (!window.marked || !window.DOMPurify) {
    // Libraries missing: show the text as text rather than risk raw HTML.
    const pre = document.createElement('pre');
    pre.textContent = source;
    container.append(pre);
    return container;
  }
  hookLinks();
  const html = window.marked.parse(String(source), {gfm: true, breaks: false, async: false});
  const clean = window.DOMPurify.sanitize(html, {...SANITIZE, RETURN_DOM_FRAGMENT: true});
  container.append(clean);
  if (window.hljs) {
    container.querySelectorAll('pre code').forEach(block => window.hljs.highlightElement(block));
  }
  return container;
}
