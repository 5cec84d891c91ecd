-- Seed 000: System 1, "Digital Arbitrage Factory" (digital products sold on Gumroad/Etsy),
-- and the common foundation tables tasks, approvals_queue and metrics_daily. Schema public.
-- Columns, types and index names are the seed's; additions and fixes are marked "hotdash:".

CREATE TABLE public.products (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    niche VARCHAR(255) NOT NULL,
    title VARCHAR(500) NOT NULL,
    description TEXT,
    price_usd DECIMAL(10,2),
    status VARCHAR(50) DEFAULT 'draft',  -- 'draft', 'approved', 'listed', 'paused'
    confidence_score INTEGER,
    created_at TIMESTAMP DEFAULT NOW(),
    metadata JSONB
);

CREATE TABLE public.product_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    product_id UUID REFERENCES public.products(id),
    version INTEGER NOT NULL,
    artifacts_path TEXT,
    changelog TEXT,
    created_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE public.listings (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    product_id UUID REFERENCES public.products(id),
    platform VARCHAR(50) NOT NULL,            -- 'gumroad', 'etsy'
    platform_listing_id VARCHAR(255),
    url TEXT,
    tags TEXT[],
    seo_title VARCHAR(500),
    thumbnail_url TEXT,
    status VARCHAR(50),                        -- 'live', 'paused', 'removed'
    created_at TIMESTAMP DEFAULT NOW(),
    metadata JSONB
);

CREATE TABLE public.sales (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    listing_id UUID REFERENCES public.listings(id),
    platform VARCHAR(50),
    amount_gross DECIMAL(10,2),
    platform_fee DECIMAL(10,2),
    amount_net DECIMAL(10,2),
    sale_date TIMESTAMP,
    refunded BOOLEAN DEFAULT FALSE,
    metadata JSONB
);

-- Common foundation: every agent task execution.
CREATE TABLE public.tasks (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    type VARCHAR(100) NOT NULL,
    status VARCHAR(50) DEFAULT 'pending',
    priority INTEGER DEFAULT 5,
    input JSONB,
    output JSONB,
    evidence JSONB,
    confidence_score INTEGER,
    error_message TEXT,
    created_at TIMESTAMP DEFAULT NOW(),
    completed_at TIMESTAMP
);

CREATE INDEX idx_tasks_status ON public.tasks(status);

-- Tasks with confidence < 7 wait here for human review.
CREATE TABLE public.approvals_queue (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id UUID REFERENCES public.tasks(id),
    reason TEXT,
    context JSONB,
    status VARCHAR(50) DEFAULT 'pending',
    reviewed_at TIMESTAMP,
    reviewed_by VARCHAR(255),
    -- hotdash: the seed has no time of arrival, so the queue cannot be shown oldest first nor
    -- paged by keyset. TIMESTAMP like the seed's other timestamps; NOT NULL because it is a
    -- keyset column (the seed's inserts never name it, so the default fills it).
    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
    -- hotdash: the reviewer's reason when rejecting (reason above is why the task was held).
    review_reason TEXT
);

CREATE INDEX idx_approvals_status ON public.approvals_queue(status);
-- hotdash: the approvals screen reads the pending queue oldest first, a keyset window on
-- (created_at, id); partial, so it stays small however many decided rows accumulate.
CREATE INDEX idx_approvals_pending_created ON public.approvals_queue(created_at, id)
    WHERE status = 'pending';

-- Daily revenue snapshots, one row per day and system.
-- hotdash, seed defect: the seed keys it on date alone although it holds one row per system,
-- so a second system could not record the same day. The key is (date, system); system becomes
-- NOT NULL (a key column) with System 1's value as default, so the seed's inserts still work.
CREATE TABLE public.metrics_daily (
    date DATE NOT NULL,
    system VARCHAR(50) NOT NULL DEFAULT 'digital_products',  -- 'digital_products' for System 1
    revenue_gross DECIMAL(10,2) DEFAULT 0,
    revenue_net DECIMAL(10,2) DEFAULT 0,
    units_sold INTEGER DEFAULT 0,
    metadata JSONB,
    PRIMARY KEY (date, system)
);
