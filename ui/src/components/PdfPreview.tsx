// The first pages of a PDF, rendered in the webview with pdf.js from the bytes we already hold (no
// file, no network). pdf.js is loaded on first use (its own chunk) and its worker is a file of the app
// (`?url`), so both run under the app's CSP (script-src 'self'); eval is turned off.
import { useEffect, useState } from 'react';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useI18n } from '../i18n';

export function PdfPreview({ bytes, pages = 3, label }: { bytes: Uint8Array; pages?: number; label: string }) {
  const { t } = useI18n();
  const [images, setImages] = useState<Array<{ src: string; width: number; height: number }>>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setImages([]);
    setError(null);
    setTotal(null);
    (async () => {
      const pdfjs = await import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      // pdf.js takes ownership of the buffer it is given: hand it a copy.
      const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
      try {
        if (cancelled) return;
        setTotal(doc.numPages);
        for (let n = 1; n <= Math.min(pages, doc.numPages); n++) {
          const page = await doc.getPage(n);
          const viewport = page.getViewport({ scale: 1.25 });
          const canvas = document.createElement('canvas');
          canvas.width = Math.ceil(viewport.width);
          canvas.height = Math.ceil(viewport.height);
          await page.render({ canvas, viewport }).promise;
          if (cancelled) return;
          const image = { src: canvas.toDataURL('image/png'), width: canvas.width, height: canvas.height };
          setImages((list) => [...list, image]);
        }
      } finally {
        void doc.destroy();
      }
    })().catch((e: unknown) => {
      if (!cancelled) setError(e instanceof Error ? e.message : String(e));
    });
    return () => {
      cancelled = true;
    };
  }, [bytes, pages]);

  return (
    <div className="pdf-preview" data-testid="pdf-preview" aria-label={label} role="group">
      {error !== null ? (
        <p className="callout callout-error" role="alert">
          {t('reports.previewError', { message: error })}
        </p>
      ) : null}
      <div className="pdf-pages">
        {images.map((img, i) => (
          <img
            key={i}
            src={img.src}
            width={img.width}
            height={img.height}
            alt={t('reports.pageAlt', { n: i + 1, total: total ?? '?' })}
            className="pdf-page"
            data-testid="pdf-page"
          />
        ))}
      </div>
      {total !== null && images.length < Math.min(pages, total) && error === null ? <p className="muted">{t('reports.previewRendering')}</p> : null}
      {total !== null && total > pages ? <p className="muted small">{t('reports.previewMore', { shown: Math.min(pages, total), total })}</p> : null}
    </div>
  );
}
