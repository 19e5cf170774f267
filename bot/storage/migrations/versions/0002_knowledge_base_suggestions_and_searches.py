"""knowledge base suggestions and searches

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:58:21.395854
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kb_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('hit_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kb_searches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_searches_created_at'), ['created_at'], unique=False)

    op.create_table('kb_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('article_id', sa.String(length=200), nullable=False),
    sa.Column('article_title', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('confidence', sa.Double(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('shown_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kb_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_suggestions_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kb_suggestions_conversation_id'), ['conversation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('kb_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_suggestions_conversation_id'))
        batch_op.drop_index(batch_op.f('ix_kb_suggestions_article_id'))

    op.drop_table('kb_suggestions')
    with op.batch_alter_table('kb_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_searches_created_at'))

    op.drop_table('kb_searches')
